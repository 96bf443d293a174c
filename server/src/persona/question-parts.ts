/**
 * Splits a question that asks several things into its parts, so each is
 * answered (or declined) on its own evidence: "Where do you work and do you
 * have kids?" → ["Where do you work", "do you have kids?"]. Splits at
 * sentence ends and at "and"/"also"/";" where what follows starts a new
 * question (a question word or an auxiliary verb); anything else stays whole.
 */

const QUESTION_START =
  /^(?:who|whom|whose|what|which|when|where|why|how|do|does|did|are|is|was|were|have|has|had|can|could|will|would|should|may)\b/i;
const MAX_PARTS = 4;

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

export function questionParts(question: string): string[] {
  const sentences = question
    .split(/(?<=[?!.])\s+/)
    .map((part) => part.trim())
    .filter(Boolean);
  const parts = sentences.flatMap((sentence) =>
    sentence
      .split(/\s*(?:;|,?\s+and\s+(?:also\s+)?|,?\s+also\s+|,?\s+plus\s+)\s*/i)
      .map((piece) => piece.replace(/^(?:also|and)\b,?\s*/i, ''))
      .reduce<string[]>((merged, piece) => {
        // A piece that does not start a question, or a previous one too short
        // to stand alone ("when and where…"), belongs with its neighbour.
        const previous = merged.at(-1);
        if (previous !== undefined && (!QUESTION_START.test(piece) || words(previous) < 3)) {
          merged[merged.length - 1] = `${previous} and ${piece}`;
        } else merged.push(piece);
        return merged;
      }, []),
  );
  const meaningful = parts.filter((part) => /[\p{L}\p{N}]/u.test(part));
  if (meaningful.length <= 1 || meaningful.length > MAX_PARTS) return [question.trim()];
  return meaningful;
}
