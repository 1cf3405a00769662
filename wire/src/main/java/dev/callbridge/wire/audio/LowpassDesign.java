package dev.callbridge.wire.audio;

/**
 * The one prototype filter both resampling directions use: a Kaiser-windowed sinc low-pass at 24 kHz with its
 * cutoff at 4 kHz (the Nyquist frequency of 8 kHz audio). The telephone band (up to 3.4 kHz) is passed; from
 * 4.6 kHz up, where the images of 3.4 kHz land when upsampling and from where aliases land on 3.4 kHz when
 * downsampling, it attenuates by more than 70 dB. Pure.
 */
public final class LowpassDesign {
    /** Odd, so that the delay is a whole number of 24 kHz samples (48, or 16 at 8 kHz), and a multiple of 3 plus 1. */
    public static final int TAPS = 97;
    public static final double SAMPLE_RATE_HZ = 24_000;
    public static final double CUTOFF_HZ = 4_000;
    /** Kaiser β: with 97 taps the design reaches -73.9 dB from 4.6 kHz (ResamplerTest prints it). */
    public static final double KAISER_BETA = 7.2;

    private LowpassDesign() {}

    /** The taps, normalised to unity gain at 0 Hz. */
    public static double[] taps() {
        double[] h = new double[TAPS];
        double fc = CUTOFF_HZ / SAMPLE_RATE_HZ;
        int mid = (TAPS - 1) / 2;
        double i0Beta = besselI0(KAISER_BETA);
        double sum = 0;
        for (int n = 0; n < TAPS; n++) {
            int m = n - mid;
            double sinc = m == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
            double r = (double) m / mid;
            double window = besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
            h[n] = sinc * window;
            sum += h[n];
        }
        for (int n = 0; n < TAPS; n++) {
            h[n] /= sum;
        }
        return h;
    }

    /** |H(f)| in dB at {@code hz} (24 kHz sampling). */
    public static double responseDb(double[] h, double hz) {
        double re = 0;
        double im = 0;
        for (int n = 0; n < h.length; n++) {
            double phase = -2 * Math.PI * hz / SAMPLE_RATE_HZ * n;
            re += h[n] * Math.cos(phase);
            im += h[n] * Math.sin(phase);
        }
        return 20 * Math.log10(Math.hypot(re, im));
    }

    /** Modified Bessel function of the first kind, order 0 (power series). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 50; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }
}
