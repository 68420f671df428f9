package io.gfsbackup.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void neverHandsOutAPortTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            assertThat(ports.add(FreePorts.find())).as("port handed out twice after %d ports", i).isTrue();
        }
    }
}
