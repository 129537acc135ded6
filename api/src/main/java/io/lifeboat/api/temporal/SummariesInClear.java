package io.lifeboat.api.temporal;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.common.converter.RawValue;
import io.temporal.payload.context.SerializationContext;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;
import javax.annotation.Nonnull;

/**
 * The data converter of every Lifeboat client and worker: inputs, results, signals, queries,
 * heartbeats and failures (messages and stack traces too) go through {@link PayloadEncryption};
 * the single values the SDK writes beside them stay clear, so the web UI can show them without the
 * key. Those are the summaries and details of workflows and activities (user metadata), which the
 * SDK converts one by one with {@link #toPayload} while everything a workflow or activity carries
 * goes through {@link #toPayloads} or a failure, and the answer to the UI's own metadata query
 * (the run's current details and the names of its queries), which the SDK hands over already
 * converted, as a {@link RawValue}. They hold step names, targets and ids only (see {@code
 * ActivitySummaries}). Reading goes through the codec, which passes clear payloads through.
 */
public final class SummariesInClear implements DataConverter {
  private final DataConverter encrypting;
  private final DataConverter clear;

  private SummariesInClear(DataConverter encrypting, DataConverter clear) {
    this.encrypting = encrypting;
    this.clear = clear;
  }

  /** Failure messages and stack traces are encrypted too ({@code encodeFailureAttributes}). */
  public static SummariesInClear around(PayloadEncryption codec) {
    DataConverter clear = GlobalDataConverter.get();
    return new SummariesInClear(new CodecDataConverter(clear, List.of(codec), true), clear);
  }

  @Override
  public <T> Optional<Payload> toPayload(T value) throws DataConverterException {
    return clear.toPayload(value);
  }

  @Override
  public <T> T fromPayload(Payload payload, Class<T> valueClass, Type valueType) throws DataConverterException {
    return encrypting.fromPayload(payload, valueClass, valueType);
  }

  @Override
  public Optional<Payloads> toPayloads(Object... values) throws DataConverterException {
    if (values != null && values.length == 1 && values[0] instanceof RawValue) {
      return clear.toPayloads(values);
    }
    return encrypting.toPayloads(values);
  }

  @Override
  public <T> T fromPayloads(int index, Optional<Payloads> content, Class<T> valueType, Type valueGenericType)
      throws DataConverterException {
    return encrypting.fromPayloads(index, content, valueType, valueGenericType);
  }

  @Override
  public Object[] fromPayloads(Optional<Payloads> content, Class<?>[] parameterTypes, Type[] genericParameterTypes)
      throws DataConverterException {
    return encrypting.fromPayloads(content, parameterTypes, genericParameterTypes);
  }

  @Override
  @Nonnull
  public RuntimeException failureToException(@Nonnull Failure failure) {
    return encrypting.failureToException(failure);
  }

  @Override
  @Nonnull
  public Failure exceptionToFailure(@Nonnull Throwable throwable) {
    return encrypting.exceptionToFailure(throwable);
  }

  @Override
  @Nonnull
  public DataConverter withContext(@Nonnull SerializationContext context) {
    return new SummariesInClear(encrypting.withContext(context), clear.withContext(context));
  }
}
