package io.gfsbackup.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;
import io.gfsbackup.contracts.simulation.SimulatedPoint;
import io.gfsbackup.contracts.simulation.Simulation;
import io.gfsbackup.contracts.simulation.SimulationResult;
import io.gfsbackup.deploy.local.Service;

/**
 * The Veeam run again, with each of the four services killed with SIGKILL once at a random step and started again.
 * The scheduler is kept down across one daily-only slot, whose start window passes meanwhile: that slot, and only
 * that one, is recorded as missed. Everything else ends exactly as the simulation says, warm backups and archive
 * copies, with no duplicate backup. The worker is not killed at an archive instant: a copy it was making when killed
 * is asked for again six hours of business time later (the chain's timeout, BackupChainArchiveTest), which this run's
 * checkpoint at that instant would not wait for.
 *
 * <p>Each run picks its moments from a seed, printed with the plan (rerun one with {@code -Dgfs.kill.seed=N}). What
 * such runs found, and what was changed: a restarted service first saw the oldest instant of the clock topic
 * (TopicClock now reads to the end before it answers); a killed worker's claims in the ledger stayed live while
 * the business clock stood still (leases are now on the wall clock, renewed while held); and a killed member kept
 * its partitions for Kafka's default 45 s session (now 10 s). On failure the work directory, with every
 * service's log, is kept.
 */
class VeeamKillIT {

    private static final Duration READY = Duration.ofMinutes(2);

    /** Kept when the test fails: it holds the services' logs. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDirectory;

    @Test
    void killingEachServiceOnceLosesNothingButTheSlotMissedWhileTheSchedulerWasDown() {
        long seed = Long.getLong("gfs.kill.seed", System.nanoTime());
        System.out.println("VeeamKillIT seed: " + seed + " (rerun with -Dgfs.kill.seed=" + seed + ")");
        Random random = new Random(seed);
        try (VeeamScenario scenario = VeeamScenario.start(workDirectory)) {
            List<Instant> steps = scenario.steps();
            List<Slot> slots = HarmonizedSchedule.slots(scenario.policy(), VeeamScenario.START, VeeamScenario.END);

            int schedulerDownAt = dailyOnlySlotBetween(slots, steps.size() / 4, steps.size() / 2, random);
            SimulationResult simulation = Simulation.run(scenario.policy(), VeeamScenario.START, VeeamScenario.END);
            Set<Instant> archiveInstants = simulation.restorePoints().stream().map(SimulatedPoint::archivedAt)
                    .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toSet());
            Map<Service, Integer> killAt = new EnumMap<>(Service.class);
            for (Service service : List.of(Service.POLICY, Service.WORKER, Service.RETENTION)) {
                int step;
                do {
                    step = 1 + random.nextInt(steps.size() - 2);
                } while (service == Service.WORKER && archiveInstants.contains(steps.get(step)));
                killAt.put(service, step);
            }
            Instant missed = steps.get(schedulerDownAt);
            System.out.println("VeeamKillIT plan: scheduler down at " + missed + " and " + steps.get(schedulerDownAt + 1)
                    + "; " + killAt.entrySet().stream().map(kill -> kill.getKey() + " killed at "
                    + steps.get(kill.getValue())).collect(java.util.stream.Collectors.joining(", ")));

            VeeamScenario.ExpectedPoints warm = VeeamScenario.warm(simulation, slot -> !slot.equals(missed));
            VeeamScenario.ExpectedPoints archived = VeeamScenario.archived(simulation, slot -> !slot.equals(missed));

            for (int i = 0; i < steps.size(); i++) {
                if (i == schedulerDownAt) {
                    scenario.stack().kill(Service.SCHEDULER);
                    scenario.moveClockTo(steps.get(i));
                    scenario.moveClockTo(steps.get(++i));
                    scenario.stack().startService(Service.SCHEDULER).awaitReady(READY);
                } else {
                    scenario.moveClockTo(steps.get(i));
                    for (Map.Entry<Service, Integer> kill : killAt.entrySet()) {
                        if (kill.getValue() == i) {
                            sleepQuietly(Duration.ofMillis(random.nextInt(400)));
                            scenario.stack().kill(kill.getKey());
                            scenario.stack().startService(kill.getKey()).awaitReady(READY);
                        }
                    }
                }
                scenario.awaitAgreement(steps.get(i), warm, archived);
            }

            assertThat(scenario.allBackupNamesWithDuplicates()).doesNotHaveDuplicates()
                    .contains(VeeamScenario.MANUAL_BACKUP);
            assertThat(missedSlots(scenario)).containsExactlyInAnyOrderElementsOf(
                    VeeamScenario.selectedTables().stream().map(table -> table + "@" + missed).toList());
        }
    }

    /** A slot carrying only the daily flag, whose loss moves no weekly or monthly flag elsewhere. */
    private static int dailyOnlySlotBetween(List<Slot> slots, int from, int to, Random random) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (slots.get(i).flags().equals(Set.of(Tier.D)) && slots.get(i + 1).flags().equals(Set.of(Tier.D))) {
                candidates.add(i);
            }
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    /** The BackupMissed messages of this policy on backup-events, as table@slot. */
    private static Set<String> missedSlots(VeeamScenario scenario) {
        Set<String> missed = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, scenario.stack().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.BACKUP_EVENTS));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    quietSince = System.nanoTime();
                    Message message = Messages.parse(record.value());
                    if (message instanceof BackupMissed m && m.due().policyId().equals(scenario.policyId())) {
                        missed.add(m.due().table().name() + "@" + m.due().slot());
                    }
                }
            }
        }
        return missed;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
