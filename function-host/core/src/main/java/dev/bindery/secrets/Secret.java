package dev.bindery.secrets;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;

/**
 * Injects one secret value: {@code @Inject @Secret(store = "vault", name = "db", key = "password") String password;}.
 * The value is read when the bean is created and fails its creation with the typed exceptions of {@link Secrets}. A
 * bean that must follow rotation injects {@code Supplier<String>} with the same annotation instead (each
 * {@code get()} answers from the store's cache), or {@link Secrets}.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Secret {

    /** The store's name, as in {@code bindery.secrets.<store>.*}. */
    @Nonbinding
    String store();

    /** The secret's name in the store. */
    @Nonbinding
    String name();

    /** The key of the secret to inject; empty means the secret has one key, or a key equal to its name. */
    @Nonbinding
    String key() default "";
}
