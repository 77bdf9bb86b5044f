package dev.orchestra.syncclient.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestra.syncclient.engine.ChangeFeed.Decision;
import org.junit.jupiter.api.Test;

class ChangeFeedTest {

    @Test
    void aFrameRightAfterTheLastSeqApplies() {
        assertThat(ChangeFeed.decide(40, 41, 43)).isEqualTo(Decision.APPLY);
    }

    @Test
    void aFrameAlreadyCoveredIsIgnored() {
        assertThat(ChangeFeed.decide(43, 41, 43)).isEqualTo(Decision.ALREADY_SEEN);
        assertThat(ChangeFeed.decide(50, 41, 43)).isEqualTo(Decision.ALREADY_SEEN);
    }

    @Test
    void aFrameAfterAHoleOrOverlappingTheLastSeqMeansPull() {
        assertThat(ChangeFeed.decide(40, 42, 43)).isEqualTo(Decision.GAP);
        assertThat(ChangeFeed.decide(42, 41, 43)).isEqualTo(Decision.GAP);
    }
}
