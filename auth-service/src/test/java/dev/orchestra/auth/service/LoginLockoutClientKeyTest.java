package dev.orchestra.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The client the lockout counts: an IPv4 address, an IPv6 client's /64, other text as written. */
class LoginLockoutClientKeyTest {

    @Test
    void ipv6ClientsAreTheirSlash64WhateverTheirSpelling() {
        assertThat(LoginLockout.clientKey("2001:db8:1:2::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(LoginLockout.clientKey("2001:DB8:1:2:ffff:ffff:ffff:ffff")).isEqualTo("2001:db8:1:2::/64");
        assertThat(LoginLockout.clientKey("2001:0:0:1:2:3:4:5")).isEqualTo(LoginLockout.clientKey("2001::1:9:9:9:9"));
        assertThat(LoginLockout.clientKey("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
    }

    /** Anything else is a key as written (clipped): a name is never turned into an address. */
    @Test
    void otherTextIsKeptAsItIs() {
        assertThat(LoginLockout.clientKey("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(LoginLockout.clientKey(".:1")).isEqualTo(".:1");
        assertThat(LoginLockout.clientKey("localhost")).isEqualTo("localhost");
        assertThat(LoginLockout.clientKey(null)).isEmpty();
        assertThat(LoginLockout.clientKey("x".repeat(100))).hasSize(64);
    }
}
