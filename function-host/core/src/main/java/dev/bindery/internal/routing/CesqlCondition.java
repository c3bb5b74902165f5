package dev.bindery.internal.routing;

import java.util.ArrayList;
import java.util.List;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.RuntimeMetaData;

import io.cloudevents.CloudEvent;
import io.cloudevents.sql.EvaluationException;
import io.cloudevents.sql.EvaluationRuntime;
import io.cloudevents.sql.Expression;
import io.cloudevents.sql.ParseException;
import io.cloudevents.sql.Parser;
import io.cloudevents.sql.generated.CESQLParserLexer;
import io.cloudevents.sql.generated.CESQLParserParser;

/**
 * A CloudEvents SQL (CESQL) condition of an {@link EventFilter}, parsed once by the CloudEvents SDK's SQL module and
 * evaluated per event as Knative's brokers evaluate a Trigger's {@code cesql} filter: the event matches when the
 * expression evaluates to {@code TRUE} without an error. An evaluation error (a missing attribute, a failed cast, an
 * unknown function) makes the condition false; {@code AND} and {@code OR} short-circuit, so
 * {@code EXISTS amount AND amount > 10} is false, not an error, for an event without {@code amount}.
 */
public final class CesqlCondition {

    private static final EvaluationRuntime RUNTIME = EvaluationRuntime.getDefault();
    /** Why the SDK's generated parser cannot load: an ANTLR runtime other than the one it was generated with. */
    static final String WRONG_ANTLR = "The CloudEvents SQL parser cannot load: cloudevents-sql needs "
            + "org.antlr:antlr4-runtime 4.9.x, and the application resolves " + RuntimeMetaData.VERSION
            + "; import dev.bindery:bindery-bom before the Quarkus BOM (it pins the version), or manage "
            + "antlr4-runtime at 4.9.2";

    private final String text;
    private final Expression expression;

    private CesqlCondition(String text, Expression expression) {
        this.text = text;
        this.expression = expression;
    }

    /**
     * Parses a CESQL expression.
     *
     * @throws IllegalArgumentException naming the expression, where it fails to parse and why
     */
    public static CesqlCondition parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("CESQL expression is empty");
        }
        Expression expression;
        try {
            expression = Parser.parseDefault(text);
        } catch (ParseException | NullPointerException e) {
            // the SDK's error listener fails on some errors (extraneous input) without a position: locate them below
            expression = null;
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new IllegalStateException(WRONG_ANTLR + " (" + e + ")", e);
        }
        String syntaxError = firstSyntaxError(text);
        if (expression == null || syntaxError != null) {
            throw new IllegalArgumentException("CESQL expression \"" + text + "\" does not parse at "
                    + (syntaxError == null ? "an unknown position" : syntaxError));
        }
        return new CesqlCondition(text, expression);
    }

    /**
     * Runs the SDK's generated CESQL parser with a listener that keeps the first syntax error and its position, which
     * the SDK's own listener reports only for some errors; the SDK lets some errors pass with a partial expression.
     *
     * @return {@code character <n>: <what is wrong>} (1-based, as an editor counts), or null when the text parses
     */
    private static String firstSyntaxError(String text) {
        List<String> errors = new ArrayList<>();
        BaseErrorListener listener = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
                    int charPositionInLine, String msg, RecognitionException e) {
                errors.add("character " + (offset(text, line) + charPositionInLine + 1) + ": " + msg);
            }
        };
        CESQLParserLexer lexer = new CESQLParserLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        CESQLParserParser parser = new CESQLParserParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        parser.cesql();
        return errors.isEmpty() ? null : errors.get(0);
    }

    /** The offset of the start of a 1-based line of the text. */
    private static int offset(String text, int line) {
        int offset = 0;
        for (int i = 1; i < line; i++) {
            offset = text.indexOf('\n', offset) + 1;
        }
        return offset;
    }

    /** @return the expression as written */
    public String text() {
        return text;
    }

    /** @return true when the expression evaluates to {@code TRUE} on the event without an evaluation error */
    public boolean matches(CloudEvent event) {
        try {
            return Boolean.TRUE.equals(expression.tryEvaluate(RUNTIME, event));
        } catch (EvaluationException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CesqlCondition other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
