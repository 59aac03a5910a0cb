using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Planning
{
    /// <summary>
    /// Verifies a memory plan against a fresh liveness walk: no two arena buffers (tensors, scratch) that are live at
    /// the same step share a byte, except an in-place output and the input it overwrites at the call that kills that
    /// input; offsets are aligned and inside the arena. The pipeline runs it on every plan, so a planner bug becomes a
    /// compile error, never a model that computes from clobbered memory.
    /// </summary>
    internal static class PlanChecker
    {
        private sealed class Tenant
        {
            public Tenant(string name, Value? value, int slot, long bytes, int start, int end)
            {
                Name = name; Value = value; Slot = slot; Bytes = bytes; Start = start; End = end;
            }
            public string Name { get; }
            public Value? Value { get; }
            public int Slot { get; }
            /// <summary>Static byte size; -1 when symbolic (then only tenants of one slot can overlap).</summary>
            public long Bytes { get; }
            public int Start { get; }
            public int End { get; }
        }

        /// <summary>The first problem found, or null when the plan is sound.</summary>
        public static string? Check(Graph g, LoweredProgram program, MemoryPlan plan)
        {
            var walk = new Liveness();
            walk.Block(program.Main);
            var tenants = new List<Tenant>();
            var seen = new HashSet<Value>();
            foreach (var ev in walk.Events)
            {
                if (ev.Scratch != null)
                {
                    if (!plan.ScratchSlotsOf.TryGetValue(ev.Scratch, out var slots)) return "scratch of " + ev.Scratch.Kernel + " has no slot";
                    for (int i = 0; i < slots.Length; i++)
                        tenants.Add(new Tenant("scratch " + i + " of " + ev.Scratch.Kernel, null, slots[i], StaticBytes(g, ev.Scratch.Scratch[i].Elements, ev.Scratch.Scratch[i].Type), ev.Position, ev.Position));
                    continue;
                }
                var v = ev.Value!;
                if (!plan.SlotOf.TryGetValue(v, out int slot) || !seen.Add(v)) continue;
                int end = v.IsGraphOutput && v.Scope?.Owner == null ? int.MaxValue : walk.LastUse(v, plan);
                tenants.Add(new Tenant("'" + v.Name + "'", v, slot, StaticBytes(g, v.Shape!.ElementCount, v.Type), ev.Position, System.Math.Max(end, ev.Position)));
            }
            if (seen.Count != plan.SlotOf.Count)
                return "the plan places " + plan.SlotOf.Count + " tensors in the arena, the walk finds " + seen.Count;

            long? arena = plan.ArenaBytes;
            foreach (var t in tenants)
            {
                var slot = plan.Slots[t.Slot];
                if (slot.Offset is long offset)
                {
                    if (offset % MemoryPlan.Alignment != 0) return t.Name + " is at offset " + offset + ", not a multiple of " + MemoryPlan.Alignment;
                    if (t.Bytes < 0 || offset + t.Bytes > arena) return t.Name + " does not fit in the arena";
                }
            }

            // Sweep in order of first step, keeping the tenants still live.
            var live = new List<Tenant>();
            foreach (var t in tenants.OrderBy(t => t.Start))
            {
                live.RemoveAll(a => a.End < t.Start);
                foreach (var a in live)
                    if (Share(plan, a, t) && !IsInPlacePair(plan, a, t))
                        return t.Name + " and " + a.Name + " are live at once (steps " + t.Start + ".." + t.End + " and " + a.Start + ".." + a.End + ") and share bytes";
                live.Add(t);
            }
            return null;
        }

        /// <summary>True when the two tenants' bytes intersect.</summary>
        private static bool Share(MemoryPlan plan, Tenant a, Tenant b)
        {
            if (a.Slot == b.Slot) return a.Bytes != 0 && b.Bytes != 0;
            long? oa = plan.Slots[a.Slot].Offset, ob = plan.Slots[b.Slot].Offset;
            // Symbolic plans lay slots out one after another: different slots never share bytes.
            if (oa == null || ob == null) return false;
            return a.Bytes > 0 && b.Bytes > 0 && oa.Value < ob.Value + b.Bytes && ob.Value < oa.Value + a.Bytes;
        }

        /// <summary>An in-place output and the input it overwrites overlap only at the call that writes one and last reads the other.</summary>
        private static bool IsInPlacePair(MemoryPlan plan, Tenant earlier, Tenant later) =>
            later.Value != null && earlier.Value != null && plan.InPlaceOf.TryGetValue(later.Value, out var input) && input == earlier.Value &&
            earlier.End == later.Start && plan.SlotOf[earlier.Value] == plan.SlotOf[later.Value];

        private static long StaticBytes(Graph g, Dim elements, ElementType type)
        {
            var bytes = MemoryPlanner.Bytes(g, elements, type);
            return bytes != null && bytes.IsStatic ? bytes.Value : -1;
        }
    }
}
