// Typing over a selection in the SQL editor, done by CodeMirror instead of the browser.
// When text replaces a selection that holds highlighted tokens, Chromium's contenteditable
// keeps the deleted text's look by writing `style="color: …"` onto the line: an inline style
// attribute, which the portal's strict CSP (no 'unsafe-inline' styles) blocks and reports.
// Applying the insertion as an editor transaction leaves the DOM to CodeMirror, so no style
// attribute is ever written by markup.
import { EditorSelection } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

/** The transaction spec for `text` typed over the current selection, or null to let it be. */
export function typedOverSelection(view: EditorView, inputType: string, text: string | null) {
  const { ranges } = view.state.selection;
  if (inputType !== "insertText" || !text || view.composing || ranges.every((r) => r.empty)) return null;
  return view.state.changeByRange((range) => ({
    changes: { from: range.from, to: range.to, insert: text },
    range: EditorSelection.cursor(range.from + text.length),
  }));
}

export const typeOverSelection = EditorView.domEventHandlers({
  beforeinput(event, view) {
    const spec = typedOverSelection(view, event.inputType, event.data);
    if (!spec) return false;
    event.preventDefault();
    view.dispatch(spec, { userEvent: "input.type", scrollIntoView: true });
    return true;
  },
});
