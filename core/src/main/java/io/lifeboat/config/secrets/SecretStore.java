package io.lifeboat.config.secrets;

/** One kind of secret store: reads the secret a reference of its scheme names. */
interface SecretStore {
  /**
   * @throws SecretException when the secret cannot be read, naming the reference and the fix
   */
  String read(SecretReference reference);
}
