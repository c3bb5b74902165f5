package dev.bindery.bindings.camel;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;

import dev.bindery.spi.binding.BindingsEngine;

/** Starts the engines a binding test needs and stops them after each test. */
abstract class EngineTestSupport {

    private final List<BindingsEngine> engines = new ArrayList<>();

    @AfterEach
    void stopEngines() {
        engines.forEach(BindingsEngine::close);
        engines.clear();
    }

    BindingsEngine start(TestHost host) {
        BindingsEngine engine = host.start();
        engines.add(engine);
        return engine;
    }
}
