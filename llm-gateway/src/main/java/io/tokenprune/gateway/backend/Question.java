package io.tokenprune.gateway.backend;

import io.tokenprune.gateway.docs.SelectedContext;
import io.tokenprune.gateway.video.VisualSpan;
import io.tokenprune.inference.text.ChatMessage;
import java.util.List;

/** What a backend is asked: a conversation, alone or with its pruned context. */
public sealed interface Question {
  /** The conversation; with a context, its last message is the user's question. */
  List<ChatMessage> messages();

  /** A plain chat. */
  record Plain(List<ChatMessage> messages) implements Question {
    public Plain {
      messages = List.copyOf(messages);
    }
  }

  /** A question about a document, with GemFilter's selection from it. */
  record Document(List<ChatMessage> messages, SelectedContext context) implements Question {
    public Document {
      messages = List.copyOf(messages);
    }
  }

  /** A question about a video stream, with its compact visual tokens and the inner merge to run. */
  record Video(List<ChatMessage> messages, VisualSpan visual, InnerMergeSettings merge)
      implements Question {
    public Video {
      messages = List.copyOf(messages);
    }
  }
}
