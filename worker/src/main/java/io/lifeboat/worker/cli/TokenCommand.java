package io.lifeboat.worker.cli;

import io.lifeboat.config.ApiTokenConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "token", description = "API tokens as the configuration keeps them.", subcommands = TokenCommand.Hash.class)
final class TokenCommand {
  @Command(name = "hash", description = "Read one API token from standard input and print its SHA-256 in hex, for"
      + " auth.tokens[].tokenSha256: the configuration then holds no secret. Example:"
      + " `printf %s \"$TOKEN\" | lifeboat token hash`.")
  static final class Hash implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      spec.commandLine().getOut().println(hash(System.in));
      spec.commandLine().getOut().flush();
      return 0;
    }

    /** The hex SHA-256 of the one token on {@code in}; one final line break (as echo adds) is not part of it. */
    static String hash(InputStream in) throws IOException {
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      in.transferTo(read);
      String token = read.toString(StandardCharsets.UTF_8);
      if (token.endsWith("\n")) {
        token = token.substring(0, token.length() - (token.endsWith("\r\n") ? 2 : 1));
      }
      if (token.isEmpty()) {
        throw new CliException("no token on standard input", "printf %s \"$TOKEN\" | lifeboat token hash");
      }
      if (token.contains("\n") || !token.equals(token.strip())) {
        throw new CliException("the token on standard input holds a line break or starts or ends with a space,"
            + " which a bearer token cannot carry", "give one token, on one line, without surrounding spaces");
      }
      if (token.length() < 16) {
        throw new CliException("the token is " + token.length() + " characters long; the API accepts 16 or more",
            "make a long random one, e.g. `openssl rand -hex 32`");
      }
      return HexFormat.of().formatHex(ApiTokenConfig.sha256(token));
    }
  }
}
