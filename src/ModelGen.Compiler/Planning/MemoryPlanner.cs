using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;

namespace ModelGen.Compiler.Planning
{
    /// <summary>
    /// Stage 5: liveness → slot assignment. Greedy interval allocation in execution order: a tensor
    /// takes a free slot (best fit by static size when sizes are known), or opens a new one.
    /// View ops alias their input's buffer and extend its lifetime instead of taking a slot.
    /// </summary>
    internal static class MemoryPlanner
    {
        public static MemoryPlan Plan(Graph g)
        {
            var plan = new MemoryPlan();
            var index = g.Nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);

            // Views: an output that only reinterprets its input shares the input's buffer, unless it is a graph output (the caller owns that span).
            foreach (var n in g.Nodes)
            {
                var op = OpRegistry.Find(n.Domain, n.OpType);
                var o = n.Output(0);
                if (op != null && op.IsView && o != null && !o.IsGraphOutput && !o.IsConstant)
                    plan.AliasOf[o] = plan.Resolve(n.Inputs[0]!);
            }

            // Last use of every buffer root, counting uses through its aliases.
            var lastUse = new Dictionary<Value, int>();
            foreach (var n in g.Nodes)
                foreach (var i in n.Inputs)
                    if (i != null) lastUse[plan.Resolve(i)] = index[n];

            long naive = 0;
            bool allStatic = true;
            foreach (var n in g.Nodes)
            {
                int at = index[n];
                // Scratch first: it is live only during this node, so it may reuse any slot freed before it.
                if (n.ScratchElements != null)
                {
                    var bytes = AlignedBytes(n.ScratchElements, n.ScratchType);
                    if (bytes.IsStatic) naive += bytes.Value; else allStatic = false;
                    plan.ScratchSlotOf[n] = Take(plan, bytes, at, at);
                }
                foreach (var o in n.Outputs)
                {
                    if (o == null || o.IsGraphOutput || o.IsConstant || plan.AliasOf.ContainsKey(o)) continue;
                    var bytes = AlignedBytes(o.Shape!.ElementCount, o.Type);
                    if (bytes.IsStatic) naive += bytes.Value; else allStatic = false;
                    int end = lastUse.TryGetValue(o, out int e) ? e : at;
                    plan.SlotOf[o] = Take(plan, bytes, at, end);
                }
            }
            if (allStatic) plan.NaiveBytes = naive;
            return plan;
        }

        private static int Take(MemoryPlan plan, Dim bytes, int start, int end)
        {
            int best = -1;
            for (int s = 0; s < plan.Slots.Count; s++)
            {
                var slot = plan.Slots[s];
                if (slot.FreeAfter >= start) continue;
                if (best < 0) { best = s; continue; }
                best = Better(plan.Slots[best], slot, bytes) ? s : best;
            }
            if (best < 0)
            {
                plan.Slots.Add(new Slot());
                best = plan.Slots.Count - 1;
            }
            var chosen = plan.Slots[best];
            if (!chosen.Sizes.Contains(bytes)) chosen.Sizes.Add(bytes);
            chosen.FreeAfter = end;
            return best;
        }

        /// <summary>True when <paramref name="candidate"/> fits <paramref name="bytes"/> better than <paramref name="current"/>: the smallest slot that is big enough, else the biggest.</summary>
        private static bool Better(Slot current, Slot candidate, Dim bytes)
        {
            if (!bytes.IsStatic || current.StaticBytes == null || candidate.StaticBytes == null) return false;
            long need = bytes.Value, a = current.StaticBytes.Value, b = candidate.StaticBytes.Value;
            bool aFits = a >= need, bFits = b >= need;
            if (aFits && bFits) return b < a;
            if (aFits != bFits) return bFits;
            return b > a;
        }

        /// <summary>Element count × element size, rounded up to <see cref="MemoryPlan.Alignment"/>; symbolic sizes are rounded at run time by the emitter.</summary>
        private static Dim AlignedBytes(Dim elements, ElementType type)
        {
            var bytes = elements * Dim.Of(ElementTypes.SizeOf(type));
            if (!bytes.IsStatic) return bytes;
            long b = bytes.Value;
            return Dim.Of((b + MemoryPlan.Alignment - 1) / MemoryPlan.Alignment * MemoryPlan.Alignment);
        }
    }
}
