package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The repository's copy of the exporter contract matches shared/contracts, where a checkout has it beside it. */
class ContractCopyTest {

    @Test
    void copyMatchesTheSharedContract() throws IOException {
        Path copy = ExporterHttp.contract();
        assertThat(Files.readAllLines(copy)).anyMatch(line -> line.startsWith("memcached_up\t"));
        Path shared = Path.of("").toAbsolutePath().getParent().resolveSibling("shared/contracts")
                .resolve("memcached-exporter-metrics.tsv");
        assumeTrue(Files.isRegularFile(shared), "no shared/contracts beside this checkout: the copy is the contract");
        assertThat(Files.readString(copy)).isEqualTo(Files.readString(shared));
    }
}
