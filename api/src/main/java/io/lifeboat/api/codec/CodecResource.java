package io.lifeboat.api.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.temporal.PayloadEncryption;
import io.lifeboat.api.wire.ApiError;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodecException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Temporal's remote codec protocol, for the web UI to show decoded payloads: {@code POST
 * /codec/decode} and {@code /codec/encode} with {@code {"payloads": [...]}} (Temporal's JSON form
 * of {@code Payloads}), and the browser's CORS preflight. Payloads that are not encrypted come back
 * as they are. Outside {@code /api/v1}: the UI decides which headers it sends, so access is
 * decided here ({@link CodecAccess}).
 */
@Path("/codec")
public final class CodecResource {
  private static final String ORIGIN = "Origin";
  private static final String ALLOWED_HEADERS = "Content-Type, Authorization, X-Namespace";

  private final Optional<PayloadEncryption> codec;
  private final CodecAccess access;

  public CodecResource(Optional<PayloadEncryption> codec, CodecAccess access) {
    this.codec = codec;
    this.access = access;
  }

  @Requires(Requires.ANYONE) // the codec decides itself: CodecAccess
  @POST
  @Path("/decode")
  public Response decode(@HeaderParam(ORIGIN) String origin, @HeaderParam(HttpHeaders.AUTHORIZATION) String token,
      String body) {
    return answer(origin, token, body, PayloadEncryption::decode);
  }

  @Requires(Requires.ANYONE) // the codec decides itself: CodecAccess
  @POST
  @Path("/encode")
  public Response encode(@HeaderParam(ORIGIN) String origin, @HeaderParam(HttpHeaders.AUTHORIZATION) String token,
      String body) {
    return answer(origin, token, body, PayloadEncryption::encode);
  }

  @Requires(Requires.ANYONE) // the codec decides itself: CodecAccess
  @OPTIONS
  @Path("/decode")
  public Response decodePreflight(@HeaderParam(ORIGIN) String origin) {
    return preflight(origin);
  }

  @Requires(Requires.ANYONE) // the codec decides itself: CodecAccess
  @OPTIONS
  @Path("/encode")
  public Response encodePreflight(@HeaderParam(ORIGIN) String origin) {
    return preflight(origin);
  }

  private Response preflight(String origin) {
    if (origin == null || !access.allows(origin)) {
      return refusedOrigin(origin);
    }
    return cors(Response.noContent(), origin)
        .header("Access-Control-Allow-Methods", "POST, OPTIONS")
        .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
        .header("Access-Control-Max-Age", "600")
        .build();
  }

  private Response answer(String origin, String token, String body,
      BiFunction<PayloadEncryption, List<Payload>, List<Payload>> operation) {
    if (origin != null && !access.allows(origin)) {
      return refusedOrigin(origin);
    }
    Optional<String> refusal = access.refusal(token);
    if (refusal.isPresent()) {
      return cors(Response.status(Response.Status.UNAUTHORIZED), origin)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lifeboat\"")
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(ApiError.of(refusal.get(), null, null)).build();
    }
    Payloads.Builder payloads = Payloads.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(body == null ? "" : body, payloads);
    } catch (InvalidProtocolBufferException e) {
      return problem(origin, "the body is not Temporal's JSON form of payloads: "
          + e.getMessage().lines().findFirst().orElse(""), "send {\"payloads\": [{\"metadata\": {...}, \"data\": \"...\"}]}");
    }
    List<Payload> result;
    try {
      result = codec.map(c -> operation.apply(c, payloads.getPayloadsList()))
          .orElse(payloads.getPayloadsList());
    } catch (PayloadCodecException e) {
      return problem(origin, e.getMessage(), null);
    }
    try {
      return cors(Response.ok(JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(result))), origin)
          .type(MediaType.APPLICATION_JSON_TYPE).build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private Response problem(String origin, String error, String hint) {
    return cors(Response.status(Response.Status.BAD_REQUEST), origin).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(ApiError.of(error, "payloads", hint)).build();
  }

  private static Response refusedOrigin(String origin) {
    return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(ApiError.of("pages of origin " + origin + " may not call the codec endpoint", null,
            "add the Temporal web UI's origin to temporal.webUiOrigins"))
        .build();
  }

  private static Response.ResponseBuilder cors(Response.ResponseBuilder response, String origin) {
    if (origin == null) {
      return response;
    }
    return response.header("Access-Control-Allow-Origin", origin)
        .header("Access-Control-Allow-Credentials", "true")
        .header("Vary", ORIGIN);
  }
}
