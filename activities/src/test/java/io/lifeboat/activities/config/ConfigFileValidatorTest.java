package io.lifeboat.activities.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.config.ConfigFileValidator.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each file type's validation against real files: valid ones pass, invalid ones name the line. */
class ConfigFileValidatorTest {
  @TempDir Path dir;
  private final ConfigFileValidator validator = new ConfigFileValidator(List.of(
      new ConfigFileValidator.Command("*.conf", List.of("grep", "-q", "^ok$", "{file}")),
      new ConfigFileValidator.Command("strict/*.yaml", List.of("false"))));

  private Outcome check(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return validator.validate(file, dir.relativize(file));
  }

  @Test
  void yaml() throws Exception {
    assertThat(check("ok.yaml", "a: 1\nb:\n  - x\n---\nc: 2\n").problem()).isEmpty();
    Outcome bad = check("bad.yml", "server:\n  port: 8080\n  host: [unclosed\nother: 1\n");
    assertThat(bad.check()).isEqualTo("yaml");
    assertThat(bad.problem()).get().satisfies(p -> {
      assertThat(p.line()).isBetween(3, 5);
      assertThat(p.message()).startsWith("invalid YAML");
    });
    assertThat(check("tabs.yaml", "a:\n\tb: 1\n").problem()).get().extracting(ConfigFileValidator.Problem::line)
        .isEqualTo(2);
  }

  @Test
  void json() throws Exception {
    assertThat(check("ok.json", "{\"a\": [1, 2]}\n").problem()).isEmpty();
    assertThat(check("bad.json", "{\n  \"a\": 1,\n  \"b\": \n}\n").problem()).get()
        .extracting(ConfigFileValidator.Problem::line).isEqualTo(4);
    assertThat(check("two.json", "{}\n{}\n").problem()).isPresent();
  }

  @Test
  void properties() throws Exception {
    assertThat(check("ok.properties", "# c\na=1\nb=caf\\u00e9\npath=C:\\\\users\\\\u\n").problem()).isEmpty();
    assertThat(check("bad.properties", "a=1\n\nb=\\u00zz\n").problem()).get()
        .satisfies(p -> {
          assertThat(p.line()).isEqualTo(3);
          assertThat(p.message()).contains("unicode escape");
        });
  }

  @Test
  void env() throws Exception {
    assertThat(check(".env", "# c\nA=1\nexport B=\"two words\" # note\nC='x'\nD=\n").problem()).isEmpty();
    assertThat(check("app.env", "A=1\nB=\"unclosed\n").problem()).get()
        .extracting(ConfigFileValidator.Problem::line).isEqualTo(2);
    assertThat(check(".env.staging", "A=1\nnot a pair\n").problem()).get()
        .extracting(ConfigFileValidator.Problem::line).isEqualTo(2);
    assertThat(check(".env.local", "1A=x\n").problem()).isPresent();
  }

  @Test
  void commandsByGlobComeFirst() throws Exception {
    assertThat(check("nginx.conf", "ok\n")).satisfies(o -> {
      assertThat(o.check()).isEqualTo("command");
      assertThat(o.problem()).isEmpty();
    });
    assertThat(check("other.conf", "not ok\n").problem()).get()
        .extracting(ConfigFileValidator.Problem::message).asString().contains("exited with 1");
    assertThat(check("strict/valid-yaml.yaml", "a: 1\n").problem()).as("the command wins over the type").isPresent();
    assertThat(check("notes.txt", "anything").check()).isNull();
  }
}
