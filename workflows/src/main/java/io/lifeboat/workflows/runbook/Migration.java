package io.lifeboat.workflows.runbook;

import java.util.List;

/**
 * Brings a restored database up to date: SQL files in order, or one command.
 *
 * @param database JDBC URL the SQL files run against
 * @param files SQL files on the worker; each runs once per database (applied ones are recorded)
 * @param command a shell command run instead of files
 * @param passwordEnv name of the worker's environment variable holding the password
 */
public record Migration(String database, String user, String passwordEnv, List<String> files, String command) {}
