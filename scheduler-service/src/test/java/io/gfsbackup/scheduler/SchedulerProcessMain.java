package io.gfsbackup.scheduler;

import java.net.URI;
import java.util.Map;

import org.postgresql.ds.PGSimpleDataSource;

import io.gfsbackup.clock.TopicClock;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.scheduler.persistence.CursorStore;
import io.gfsbackup.scheduler.config.SchedulerInstance;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A scheduler instance in a process of its own, for {@link FailoverTest} to kill: the same core as the service,
 * wired by hand to the servers named by system properties. Prints {@code STARTED} once running and runs until
 * killed.
 */
public final class SchedulerProcessMain {

    private SchedulerProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> p = Map.of(
                "name", System.getProperty("gfs.name"),
                "bootstrap", System.getProperty("gfs.bootstrap"),
                "topic", System.getProperty("gfs.topic"),
                "group", System.getProperty("gfs.group"),
                "jdbc", System.getProperty("gfs.jdbc"),
                "user", System.getProperty("gfs.user"),
                "dynamo", System.getProperty("gfs.dynamo"),
                "key", System.getProperty("gfs.key"),
                "secret", System.getProperty("gfs.secret"));
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(p.get("jdbc"));
        dataSource.setUser(p.get("user"));
        dataSource.setCurrentSchema("scheduler");
        DynamoDbClient dynamo = DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(p.get("dynamo")))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(p.get("key"), p.get("secret"))))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        TopicClock clock = TopicClock.start(p.get("bootstrap"), Topics.CLOCK);
        SchedulerInstance instance = new SchedulerInstance(
                Instances.settings(p.get("name"), p.get("bootstrap"), p.get("topic"), p.get("group")),
                new CursorStore(dataSource), Instances.aws(dynamo), clock, new SimpleMeterRegistry());
        instance.start();
        System.out.println("STARTED");
        System.out.flush();
        Thread.currentThread().join();
    }
}
