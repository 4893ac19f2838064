package io.latentstream.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every published version of a record's schema, oldest first: {@code history/NAME-N.avsc}
 * beside this class, N from 1, one file per parsing fingerprint (a change of docs alone keeps
 * the fingerprint and adds no file). Readers resolve records written with any of them to
 * today's class; SchemaHistoryTest holds today's schema to the newest file, so a change that
 * would strand old records fails the build until it is published here.
 */
public final class SchemaHistory {
    private SchemaHistory() {}

    /** The versions of the record named name (simple name, e.g. StreamQuality), oldest first. */
    public static List<Schema> of(String name) {
        List<Schema> versions = new ArrayList<>();
        for (int n = 1; ; n++) {
            try (InputStream in = SchemaHistory.class.getResourceAsStream("history/" + name + "-" + n + ".avsc")) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
