package io.gfsbackup.worker.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time spent during a benchmark phase by this JVM (the application, the in-process Kafka broker and the test
 * itself) and by each moto server the test started, found among this JVM's child processes by the port in its
 * command line. Linux only: a moto process's time is read from {@code /proc/<pid>/stat}.
 */
public final class CpuMeter {

    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private final Map<String, Integer> motoPorts;
    private final long jvmStart;
    private final Map<String, Long> motoStart;
    private final long wallStart;

    private CpuMeter(Map<String, Integer> motoPorts) {
        this.motoPorts = motoPorts;
        this.jvmStart = jvmNanos();
        this.motoStart = motoTicks(motoPorts);
        motoStart.forEach((name, ticks) -> {
            if (ticks < 0) {
                throw new IllegalStateException("no moto process of this JVM listens on port " + motoPorts.get(name)
                        + " (" + name + ")");
            }
        });
        this.wallStart = System.nanoTime();
    }

    /** Starts measuring; {@code motos} names each moto server to measure, by its endpoint. */
    public static CpuMeter start(Map<String, URI> motos) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        motos.forEach((name, endpoint) -> ports.put(name, endpoint.getPort()));
        return new CpuMeter(ports);
    }

    /** What a phase cost, per backup made in it, in CPU milliseconds; and how many cores each process kept busy. */
    public record Cost(double jvmMillisPerBackup, Map<String, Double> motoMillisPerBackup, double jvmCores,
                       Map<String, Double> motoCores) {

        @Override
        public String toString() {
            return String.format("JVM %.1f ms/backup (%.2f cores), ", jvmMillisPerBackup, jvmCores)
                    + motoMillisPerBackup.keySet().stream()
                    .map(name -> String.format("%s %.1f ms/backup (%.2f cores)", name,
                            motoMillisPerBackup.get(name), motoCores.get(name)))
                    .collect(Collectors.joining(", "));
        }
    }

    public Cost stop(int backups) {
        double wallMillis = (System.nanoTime() - wallStart) / 1e6;
        double jvmMillis = (jvmNanos() - jvmStart) / 1e6;
        Map<String, Long> motoEnd = motoTicks(motoPorts);
        Map<String, Double> perBackup = new LinkedHashMap<>();
        Map<String, Double> cores = new LinkedHashMap<>();
        motoPorts.keySet().forEach(name -> {
            double millis = (motoEnd.get(name) - motoStart.get(name)) * 1000 / CLOCK_TICKS_PER_SECOND;
            perBackup.put(name, millis / backups);
            cores.put(name, millis / wallMillis);
        });
        return new Cost(jvmMillis / backups, perBackup, jvmMillis / wallMillis, cores);
    }

    private static long jvmNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<String, Long> motoTicks(Map<String, Integer> ports) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        ports.forEach((name, port) -> {
            List<ProcessHandle> motos = ProcessHandle.current().descendants()
                    .filter(p -> p.info().arguments().map(List::of)
                            .map(args -> args.contains("-p") && args.contains(Integer.toString(port)))
                            .orElse(false))
                    .toList();
            ticks.put(name, motos.isEmpty() ? -1 : motos.stream().mapToLong(CpuMeter::ticks).sum());
        });
        return ticks;
    }

    private static long ticks(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended, or this is not Linux
        }
    }
}
