import { describe, expect, it } from "vitest";
import { EditorSelection, EditorState } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { typedOverSelection } from "./editor_input";

// typedOverSelection reads only the state and the composition flag of the view.
const viewOf = (doc: string, selection: EditorSelection, composing = false) =>
  ({ state: EditorState.create({ doc, selection, extensions: EditorState.allowMultipleSelections.of(true) }), composing }) as unknown as EditorView;

const apply = (view: EditorView, spec: ReturnType<typeof typedOverSelection>) => {
  const tr = view.state.update(spec!);
  return { doc: tr.state.doc.toString(), cursors: tr.state.selection.ranges.map((r) => [r.from, r.to]) };
};

describe("typedOverSelection", () => {
  it("replaces the whole selection and leaves the cursor after the text", () => {
    const view = viewOf("SELECT 1", EditorSelection.create([EditorSelection.range(0, 8)]));
    expect(apply(view, typedOverSelection(view, "insertText", "W"))).toEqual({ doc: "W", cursors: [[1, 1]] });
  });

  it("replaces every selected range", () => {
    const view = viewOf("a bb c dd", EditorSelection.create([EditorSelection.range(2, 4), EditorSelection.range(7, 9)]));
    expect(apply(view, typedOverSelection(view, "insertText", "xyz"))).toEqual({ doc: "a xyz c xyz", cursors: [[5, 5], [11, 11]] });
  });

  it("leaves plain typing, other input and compositions to the browser", () => {
    const empty = viewOf("SELECT", EditorSelection.create([EditorSelection.cursor(6)]));
    expect(typedOverSelection(empty, "insertText", "x")).toBeNull();
    const selected = viewOf("SELECT", EditorSelection.create([EditorSelection.range(0, 6)]));
    expect(typedOverSelection(selected, "deleteContentBackward", null)).toBeNull();
    expect(typedOverSelection(selected, "insertText", "")).toBeNull();
    expect(typedOverSelection(selected, "insertCompositionText", "x")).toBeNull();
    expect(typedOverSelection(viewOf("SELECT", EditorSelection.create([EditorSelection.range(0, 6)]), true), "insertText", "x")).toBeNull();
  });
});
