package dev.orchestra.project.service;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/** {@code orchestra.project.*}: the plans' limits and the size rules of files and batch reads. */
@ConfigMapping(prefix = "orchestra.project")
public interface ProjectLimits {

    /** The plan of a user none is known for, and of a plan without limits of its own. */
    @WithDefault("free")
    String defaultPlan();

    /** Limits per plan name ({@code free}, {@code pro}, ...). */
    Map<String, Plan> plans();

    Files files();

    BatchGet batchGet();

    interface Plan {
        /** Live projects a user may have. */
        long projects();

        /** Live files a project may have. */
        long filesPerProject();

        /** Bytes of content of all the user's live files. */
        MemorySize content();
    }

    interface Files {
        /** Bytes of UTF-8 content of one file (beyond: 413). */
        @WithDefault("1M")
        MemorySize maxContent();
    }

    interface BatchGet {
        @WithDefault("100")
        int maxIds();

        /** Bytes of one answer's JSON, content escaped and every field counted (beyond: has_more). */
        @WithDefault("8M")
        MemorySize maxAnswer();
    }
}
