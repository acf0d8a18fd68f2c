package io.tokenprune.inference.train;

/** The kinds of fact a document embeds and a question asks about. */
public enum FactKind {
  /** "The pass key is 48213. Remember it." One per document at most. */
  PASS_KEY,
  /** "The code for the blue door is 7412." Distractors share the colour or the object. */
  CODE,
  /** The needle sentence: "The magic word for Oakridge is lantern." */
  MAGIC_WORD
}
