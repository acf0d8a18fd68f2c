package io.tokenprune.inference.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.inference.TinyModels;
import io.tokenprune.inference.checkpoint.ByteLevelTokenizer;
import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTokenizerTest {
  /** Qwen2-Instruct's template (JSON-decoded: real newlines inside the Jinja strings). */
  static final String QWEN2 =
      "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
          + "{{ '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' }}{% endif %}"
          + "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
          + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

  /** Qwen2.5's, abridged: escaped newlines, and a system branch before the default one. */
  static final String QWEN25 =
      "{%- if tools %}{{- '<|im_start|>system\\n' }}{%- if messages[0]['role'] == 'system' %}"
          + "{{- messages[0]['content'] }}{%- endif %}{%- else %}{%- if messages[0]['role'] =="
          + " 'system' %}{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}"
          + "{%- else %}{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a"
          + " helpful assistant.<|im_end|>\\n' }}{%- endif %}{%- endif %}";

  @TempDir Path dir;

  @Test
  void byteLevelTextRoundTripsWithBosAndIsNeverTruncated() throws Exception {
    TinyModels.write(TinyModels.llama(), dir);
    try (TextTokenizer tok = TextTokenizer.load(dir)) {
      String text = "héllo wörld, 日本 🙂\nnew line";
      int[] ids = tok.encode(text);
      assertThat(ids).startsWith(ByteLevelTokenizer.BOS);
      assertThat(ids).hasSize(1 + text.getBytes(StandardCharsets.UTF_8).length);
      assertThat(tok.decode(ids)).isEqualTo(text);
      String longText = "abcdefghij".repeat(150);
      assertThat(tok.encode(longText)).hasSize(1501);
      assertThat(tok.chatTemplate()).isEmpty();
    }
  }

  @Test
  void chatmlTemplatesAddTheirDefaultSystemPrompt() throws Exception {
    TinyCheckpoint.of(TinyModels.qwen2()).chatTemplate(QWEN2).write(dir);
    try (TextTokenizer tok = TextTokenizer.load(dir)) {
      assertThat(tok.chatTemplate().orElseThrow().family()).isEqualTo(ChatTemplate.Family.CHATML);
      int[] ids = tok.encodeChat(List.of(ChatMessage.user("hi")), true);
      List<Integer> want = new ArrayList<>();
      turn(want, "system\nYou are a helpful assistant.");
      turn(want, "user\nhi");
      want.add(ByteLevelTokenizer.IM_START);
      bytes(want, "assistant\n");
      assertThat(ids).containsExactly(want.stream().mapToInt(Integer::intValue).toArray());
    }
    ChatTemplate qwen25 = ChatTemplate.recognise(QWEN25, "", "<|im_end|>").orElseThrow();
    assertThat(qwen25.render(List.of(ChatMessage.user("q")), false))
        .isEqualTo(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful"
                + " assistant.<|im_end|>\n<|im_start|>user\nq<|im_end|>\n");
    assertThat(qwen25.render(List.of(ChatMessage.system("Be brief."), ChatMessage.user("q")), true))
        .isEqualTo(
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nq<|im_end|>\n"
                + "<|im_start|>assistant\n");
  }

  @Test
  void llama3AndMistralFamiliesRender() {
    String llama3 =
        "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content ="
            + " '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+"
            + " message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content"
            + " = bos_token + content %}{% endif %}{{ content }}{% endfor %}";
    ChatTemplate t =
        ChatTemplate.recognise(llama3, "<|begin_of_text|>", "<|eot_id|>").orElseThrow();
    assertThat(t.render(List.of(ChatMessage.user(" Why? ")), true))
        .isEqualTo(
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWhy?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    ChatTemplate llama31 =
        ChatTemplate.recognise(
                llama3 + "{%- set date_string = \"26 Jul 2024\" %}Cutting Knowledge Date",
                "<|begin_of_text|>",
                "<|eot_id|>")
            .orElseThrow();
    assertThat(llama31.render(List.of(ChatMessage.user("Hi")), false))
        .isEqualTo(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>");
    ChatTemplate mistral =
        ChatTemplate.recognise(
                "{{ bos_token }}{% ... '[INST] ' + message['content'] + ' [/INST]' %}",
                "<s>", "</s>")
            .orElseThrow();
    assertThat(
            mistral.render(
                List.of(
                    ChatMessage.system("S"),
                    ChatMessage.user("a"),
                    ChatMessage.assistant("b"),
                    ChatMessage.user("c")),
                true))
        .isEqualTo("<s>[INST] S\n\na [/INST]b</s>[INST] c [/INST]");
  }

  @Test
  void anUnknownTemplateFallsBackToPlainText() throws Exception {
    TinyCheckpoint.of(TinyModels.llama()).chatTemplate("{{ messages | join }}").write(dir);
    try (TextTokenizer tok = TextTokenizer.load(dir)) {
      assertThat(tok.chatTemplate()).isEmpty();
      assertThat(tok.encodeChat(List.of(ChatMessage.system("a"), ChatMessage.user("b")), true))
          .containsExactly(tok.encode("a\n\nb"));
    }
  }

  private static void turn(List<Integer> ids, String text) {
    ids.add(ByteLevelTokenizer.IM_START);
    bytes(ids, text);
    ids.add(ByteLevelTokenizer.IM_END);
    bytes(ids, "\n");
  }

  private static void bytes(List<Integer> ids, String text) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      ids.add(b & 0xff);
    }
  }
}
