package dev.bindery.examples;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ExampleFunctionsTest extends InProcessExampleFunctionsTest {
}
