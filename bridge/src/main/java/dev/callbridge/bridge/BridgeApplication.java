package dev.callbridge.bridge;

import io.netty.util.ResourceLeakDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The bridge service: {@code java @bridge/jvm.options -jar bridge.jar}. Settings are documented in
 * {@link BridgeProperties}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BridgeApplication {
    public static void main(String[] args) {
        // Netty's leak detector records a stack trace for a sample of buffers (~2 % of an event loop's time at 250
        // calls). The service runs without it unless asked (-Dio.netty.leakDetection.level=simple); tests keep it.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        SpringApplication.run(BridgeApplication.class, args);
        JvmReport.log();
    }
}
