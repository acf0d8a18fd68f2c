package io.tokenprune.gateway.docs;

import io.tokenprune.gateway.api.ApiException;
import java.util.Locale;

/**
 * The HTTP status of a CompactContext that carries an error. The Avro contract gives the reason as
 * text only, so the mapping reads it: a document the reducer does not hold is 404; one it refused
 * as too large is 413, since any question about it would be; anything else is the reducer's
 * failure, 502.
 */
public final class SelectionErrors {
  private SelectionErrors() {}

  public static ApiException of(String docId, String error) {
    String e = error.toLowerCase(Locale.ROOT);
    String message = "context selection for document " + docId + " failed: " + error;
    if (e.contains("unknown document")
        || e.contains("no document")
        || e.contains("not found")
        || e.contains("never ingested")) {
      return ApiException.notFound("document_not_found", "tokenprune.document", message);
    }
    if (e.contains("maxdocumenttokens")
        || e.contains("leaves room for")
        || e.contains("too large")) {
      return ApiException.tooLarge(message);
    }
    if (e.contains("is incomplete")) {
      return ApiException.timeout("selection_timeout", message);
    }
    return ApiException.badGateway(message);
  }
}
