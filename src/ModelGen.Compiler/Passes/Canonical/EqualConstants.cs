using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes.Canonical
{
    /// <summary>
    /// Merges build-time values with the same kind, type, shape and elements within a scope, so that nodes reading
    /// equal constants read the same value (and common-subexpression elimination then sees them as equal):
    /// // const %a = [1, 2], const %b = [1, 2] -> readers of %b read %a
    /// Values are bucketed by a key of their type, shape and a hash of their bytes (or their dim text), then compared
    /// byte for byte within a bucket; the first by name is kept. Weights read from the file and returned values stay.
    /// </summary>
    internal static class EqualConstants
    {
        public static int Merge(Graph scope, HashSet<Value> returned, ProblemBag problems)
        {
            int merged = 0;
            var buckets = new Dictionary<string, List<Value>>(System.StringComparer.Ordinal);
            var candidates = scope.Values.Values
                .Where(v => (v.Kind == ValueKind.Constant || v.Kind == ValueKind.Initializer) && v.Location == null && v.Shape != null && v.Sequence == null && v.IsConstant && !returned.Contains(v) && !v.IsGraphOutput)
                .OrderBy(v => v.Name, System.StringComparer.Ordinal).ToList();
            foreach (var v in candidates)
            {
                string key = Key(v);
                if (!buckets.TryGetValue(key, out var kept)) buckets[key] = kept = new List<Value>();
                var same = kept.FirstOrDefault(k => SameElements(k, v));
                if (same == null)
                {
                    kept.Add(v);
                    continue;
                }
                Rewiring.Redirect(scope, v, same, problems);
                scope.RemoveValue(v);
                merged++;
            }
            return merged;
        }

        private static string Key(Value v)
        {
            var c = CultureInfo.InvariantCulture;
            string head = ((int)v.Kind).ToString(c) + ":" + ((int)v.Type).ToString(c) + ":" + v.Shape + ":";
            if (v.Data == null) return head + "dims " + v.Symbolic;
            // FNV-1a over the bytes: equal bytes, equal key; equal keys are then compared in full.
            ulong h = 14695981039346656037UL;
            foreach (var b in v.Data.Raw) h = unchecked((h ^ b) * 1099511628211UL);
            return head + ((int)v.Data.Type).ToString(c) + ":" + v.Data.Raw.Length.ToString(c) + ":" + h.ToString("x16", c);
        }

        private static bool SameElements(Value a, Value b)
        {
            if (a.Type != b.Type || !a.Shape!.Equals(b.Shape)) return false;
            if (a.Data != null && b.Data != null) return a.Data.Type == b.Data.Type && a.Data.Dims.SequenceEqual(b.Data.Dims) && a.Data.Raw.SequenceEqual(b.Data.Raw);
            if (a.Symbolic != null && b.Symbolic != null) return a.Symbolic.Type == b.Symbolic.Type && a.Symbolic.Dims.SequenceEqual(b.Symbolic.Dims) && a.Symbolic.Elements.SequenceEqual(b.Symbolic.Elements);
            return false;
        }
    }
}
