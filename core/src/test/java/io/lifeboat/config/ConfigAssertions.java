package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.dropwizard.jackson.Jackson;
import jakarta.annotation.Nullable;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Defaults and full-mapping assertions for configuration classes, after airlift's
 * {@code ConfigAssertions}: the expected values must name every property Jackson maps into the
 * class, so a property added without a test fails one. A {@link PropertyValues} as an expected
 * value (alone or in a list) stands for a nested object and is checked the same way. A property
 * that cannot be set where the object stands is declared with {@link PropertyValues#unsetFor},
 * and must then hold its default.
 */
final class ConfigAssertions {
  // The mapper the loader builds its factory with: same visibility and naming rules.
  private static final ObjectMapper MAPPER = Jackson.newObjectMapper();

  private ConfigAssertions() {}

  static PropertyValues properties() {
    return new PropertyValues();
  }

  /** Every property of {@code actual} holds its listed value, and every property is listed. */
  static void assertDefaults(Object actual, PropertyValues expected) {
    assertProperties("", actual, expected, false);
  }

  /**
   * As {@link #assertDefaults}, and moreover no listed value is the one a newly constructed
   * object holds: a key the mapping dropped would leave that value, and pass unnoticed.
   */
  static void assertFullMapping(Object actual, PropertyValues expected) {
    assertProperties("", actual, expected, true);
  }

  private static void assertProperties(String path, Object actual, PropertyValues expected, boolean full) {
    Class<?> type = actual.getClass();
    Map<String, BeanPropertyDefinition> definitions = definitions(type);
    assertThat(expected.listed())
        .as("properties listed for %s", path.isEmpty() ? type.getSimpleName() : path)
        .containsExactlyInAnyOrderElementsOf(definitions.keySet());
    Object fresh = full || !expected.unset.isEmpty() ? newInstance(type) : null;
    expected.unset.forEach((name, why) -> {
      BeanPropertyDefinition definition = definitions.get(name);
      assertThat(valueOf(definition, actual))
          .as("%s, which keeps its default here: %s", path.isEmpty() ? name : path + "." + name, why)
          .isEqualTo(valueOf(definition, fresh));
    });
    expected.values.forEach((name, value) -> {
      BeanPropertyDefinition definition = definitions.get(name);
      String at = path.isEmpty() ? name : path + "." + name;
      Object actualValue = valueOf(definition, actual);
      if (full) {
        assertThat(actualValue)
            .as("%s, set to a value other than its default", at)
            .isNotEqualTo(valueOf(definition, fresh));
      }
      assertValue(at, actualValue, value, full);
    });
  }

  private static void assertValue(String at, @Nullable Object actual, @Nullable Object expected, boolean full) {
    if (expected instanceof PropertyValues nested) {
      assertThat(actual).as(at).isNotNull();
      assertProperties(at, actual, nested, full);
    } else if (expected instanceof List<?> list && list.stream().anyMatch(PropertyValues.class::isInstance)) {
      assertThat(actual).as(at).isInstanceOf(List.class);
      List<?> actualList = (List<?>) actual;
      assertThat(actualList).as(at).hasSameSizeAs(list);
      for (int i = 0; i < list.size(); i++) {
        assertValue(at + "[" + i + "]", actualList.get(i), list.get(i), full);
      }
    } else {
      assertThat(actual).as(at).isEqualTo(expected);
    }
  }

  /** The properties Jackson reads into {@code type}, by their YAML key. */
  private static Map<String, BeanPropertyDefinition> definitions(Class<?> type) {
    DeserializationConfig config = MAPPER.getDeserializationConfig();
    Map<String, BeanPropertyDefinition> definitions = new LinkedHashMap<>();
    config.introspect(MAPPER.constructType(type)).findProperties().stream()
        .filter(BeanPropertyDefinition::couldDeserialize)
        .forEach(definition -> definitions.put(definition.getName(), definition));
    return definitions;
  }

  // Read as the product reads it: through the getter, or the field where there is none.
  @Nullable
  private static Object valueOf(BeanPropertyDefinition definition, Object bean) {
    AnnotatedMember accessor = definition.getAccessor();
    assertThat(accessor).as("%s has a getter or a field", definition.getName()).isNotNull();
    accessor.fixAccess(true);
    return accessor.getValue(bean);
  }

  private static Object newInstance(Class<?> type) {
    try {
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new AssertionError(type.getName() + " cannot be constructed without arguments, as Jackson does", e);
    }
  }

  /** Expected values by YAML key; a null value means the key is absent (nothing configured). */
  static final class PropertyValues {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> unset = new LinkedHashMap<>();

    private PropertyValues() {}

    PropertyValues set(String name, @Nullable Object value) {
      list(name);
      values.put(name, value);
      return this;
    }

    /**
     * A property that cannot be set where this object stands, so that even a full mapping leaves
     * it at its default: a schedule's {@code schemas} outside a tenant-backup, a hook's other
     * actions. {@code why} says where it can be set, for the reader and the failure message;
     * that place's own test maps it.
     */
    PropertyValues unsetFor(String name, String why) {
      if (why.isBlank()) {
        throw new IllegalArgumentException(name + " needs a reason to stay at its default");
      }
      list(name);
      unset.put(name, why);
      return this;
    }

    private void list(String name) {
      if (values.containsKey(name) || unset.containsKey(name)) {
        throw new IllegalArgumentException(name + " is listed twice");
      }
    }

    private Set<String> listed() {
      Set<String> listed = new LinkedHashSet<>(values.keySet());
      listed.addAll(unset.keySet());
      return listed;
    }
  }
}
