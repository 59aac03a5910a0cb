using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler.Planning
{
    /// <summary>
    /// Offset packing over lifetimes (greedy by size, as TFLite's and ONNX Runtime's planners do): buffers sorted by
    /// size, largest first, each placed at the lowest offset where it overlaps no already placed buffer that is live at
    /// the same time. Lifetimes are inclusive step ranges: two buffers live at one step never share a byte.
    /// </summary>
    internal static class OffsetPacker
    {
        /// <summary>A buffer: its byte size (a multiple of the alignment) and the first and last step it is live at.</summary>
        internal readonly struct Span
        {
            public Span(long bytes, int start, int end) { Bytes = bytes; Start = start; End = end; }
            public long Bytes { get; }
            public int Start { get; }
            public int End { get; }
            public bool LiveWith(Span other) => Start <= other.End && other.Start <= End;
        }

        /// <summary>The offset of each buffer. Offsets are sums of sizes, so they keep the sizes' alignment.</summary>
        public static long[] Pack(IReadOnlyList<Span> spans)
        {
            var offsets = new long[spans.Count];
            // Largest first; ties by first step, then by index, so the plan is the same on every build.
            var order = Enumerable.Range(0, spans.Count).OrderByDescending(i => spans[i].Bytes).ThenBy(i => spans[i].Start).ThenBy(i => i).ToList();
            var placed = new List<int>();
            var live = new List<int>();
            foreach (int i in order)
            {
                var s = spans[i];
                live.Clear();
                foreach (int j in placed)
                    if (spans[j].Bytes > 0 && s.LiveWith(spans[j])) live.Add(j);
                live.Sort((a, b) => offsets[a] != offsets[b] ? offsets[a].CompareTo(offsets[b]) : a.CompareTo(b));
                // The lowest gap that holds s: walk the live buffers by offset, pushing the candidate past each one it meets.
                long at = 0;
                foreach (int j in live)
                {
                    if (offsets[j] >= at + s.Bytes) break;
                    at = System.Math.Max(at, offsets[j] + spans[j].Bytes);
                }
                offsets[i] = at;
                placed.Add(i);
            }
            return offsets;
        }

        /// <summary>The live lower bound: the most bytes live at one step.</summary>
        public static long LiveBytes(IReadOnlyList<Span> spans)
        {
            // +bytes at the first step, -bytes at the step after the last; at one step the removals come first (those buffers are dead there).
            var changes = spans.SelectMany(s => new[] { (Step: (long)s.Start, Bytes: s.Bytes), (Step: (long)s.End + 1, Bytes: -s.Bytes) })
                .OrderBy(c => c.Step).ThenBy(c => c.Bytes).ToList();
            long live = 0, most = 0;
            foreach (var c in changes)
            {
                live += c.Bytes;
                most = System.Math.Max(most, live);
            }
            return most;
        }
    }
}
