package io.gfsbackup.policy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
class ConcurrentWritesTest {

    static final int ROUNDS = 10;

    @Test
    void twoConcurrentPutsWithoutIfMatchApplyAsSuccessiveVersions() throws Exception {
        Response created = PolicyCrudTest.create(Samples.veeamPolicy());
        String id = created.path("id");
        String name = created.path("policy.name");
        String token = Tokens.admin();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Integer>> puts = new ArrayList<>();
                for (String description : List.of("round " + round + " from A", "round " + round + " from B")) {
                    String body = Samples.veeamPolicy(p -> {
                        p.put("name", name);
                        p.put("description", description);
                    });
                    puts.add(clients.submit(() -> {
                        start.await();
                        return given().header("Authorization", token).contentType(ContentType.JSON).body(body)
                                .put(PolicyCrudTest.POLICIES + "/" + id).statusCode();
                    }));
                }
                for (Future<Integer> put : puts) {
                    assertThat(put.get()).as("status of a concurrent PUT in round %d", round).isEqualTo(200);
                }
            }
        } finally {
            clients.shutdownNow();
        }
        long last = 1 + 2L * ROUNDS;
        given().header("Authorization", Tokens.viewer()).get(PolicyCrudTest.POLICIES + "/" + id)
                .then().statusCode(200).body("version", is((int) last));
        List<Integer> versions = given().header("Authorization", Tokens.viewer())
                .get(PolicyCrudTest.POLICIES + "/" + id + "/versions").then().statusCode(200)
                .extract().path("version");
        assertThat(versions).map(Integer::longValue).containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
    }
}
