package dev.orchestra.project.migration;

import static dev.orchestra.project.support.Api.createFile;
import static dev.orchestra.project.support.Api.getFile;
import static dev.orchestra.project.support.Api.json;
import static dev.orchestra.project.support.Api.project;
import static org.assertj.core.api.Assertions.assertThat;

import db.migration.V4__fill_path_keys;
import dev.orchestra.project.domain.FileContent;
import dev.orchestra.project.support.Api.User;
import dev.orchestra.project.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

/**
 * V4 on files stored before the path rules (no path keys yet), some of which collide: it fills their
 * keys, reports each collision in the log, and does not fail; afterwards the rules hold for new writes.
 */
@QuarkusTest
class PathKeyMigrationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void existingCollisionsAreFilledAndReportedNotFatal() throws Exception {
        User user = User.fresh();
        UUID projectId = project(user, "before the rules");
        UUID readme = stored(projectId, "Readme.md");
        stored(projectId, "README.md");
        stored(projectId, "lib");
        stored(projectId, "lib/util.txt");
        UUID plain = stored(projectId, "plain.txt");

        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(V4__fill_path_keys.class.getName());
        logger.addHandler(capture);
        try (Connection connection = dataSource.getConnection()) {
            new V4__fill_path_keys().migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    return null;
                }

                @Override
                public Connection getConnection() {
                    return connection;
                }
            });
        } finally {
            logger.removeHandler(capture);
        }

        assertThat(Db.value(dataSource, "select count(*) from files where project_id = ? and path_key is null", projectId)).isEqualTo(0L);
        List<String> messages = warnings.stream().map(record -> String.valueOf(record.getMessage())).toList();
        assertThat(messages).anySatisfy(message -> assertThat(message).contains(projectId.toString()).contains("README.md")
                .contains("Readme.md").contains("only by case"));
        assertThat(messages).anySatisfy(message -> assertThat(message).contains("lib").contains("lib/util.txt").contains("folder"));
        assertThat(messages).noneSatisfy(message -> assertThat(message).contains("plain.txt"));
        // The colliding files stay readable; the rules hold for new writes.
        getFile(user, projectId, readme).statusCode(200);
        getFile(user, projectId, plain).statusCode(200);
        createFile(user, projectId, json("path", "PLAIN.TXT", "content", "x")).statusCode(409);
        createFile(user, projectId, json("path", "plain.txt/inner", "content", "x")).statusCode(409);
    }

    private UUID stored(UUID projectId, String path) {
        UUID id = UUID.randomUUID();
        FileContent content = FileContent.of("stored before the rules");
        Db.execute(dataSource, "insert into files (id, project_id, path, content, size, content_hash, version, created_at, updated_at) "
                + "values (?, ?, ?, ?, ?, ?, 1, now(), now())", id, projectId, path, content.text(), content.size(), content.hash());
        return id;
    }
}
