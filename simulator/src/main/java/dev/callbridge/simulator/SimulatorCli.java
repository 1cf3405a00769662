package dev.callbridge.simulator; public final class SimulatorCli { public static void main(String[] a) {} }
