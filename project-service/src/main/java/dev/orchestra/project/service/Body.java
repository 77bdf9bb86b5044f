package dev.orchestra.project.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A write's JSON (a REST body or a sync mutation's {@code data}), read by the service only once it
 * has locked the write's target and found it to be the caller's: a write with bad data on someone
 * else's entity is a 404 ({@code not_found}) that says nothing of the data, like any write to it.
 * Reading it may itself refuse (a sync mutation's malformed JSON or bad strings: 422).
 */
@FunctionalInterface
public interface Body {

    JsonNode read();

    /** A body already parsed (REST: JAX-RS read it, platform's string hygiene checked it). */
    static Body of(JsonNode json) {
        return () -> json;
    }
}
