using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Planning
{
    /// <summary>
    /// Stage 6: liveness over the lowered calls (the buffers each call reads and writes, its scratch), one buffer per
    /// arena tensor and scratch with its lifetime, then placement. Static sizes: offset packing over lifetimes
    /// (<see cref="OffsetPacker"/>). Symbolic sizes: slot assignment, greedy interval allocation in execution order, a
    /// buffer taking a free slot (best fit by static size when sizes are known) or opening a new one. Views alias their
    /// input's buffer and extend its lifetime; an elementwise output takes the buffer of a same-sized input that dies
    /// at that call (<see cref="InPlace"/>). Sizes with run-time dims use the dims' upper bounds; without one, the
    /// tensor gets a growable buffer. Inside a loop body, values from outside stay live until the loop ends.
    /// </summary>
    internal static class MemoryPlanner
    {
        /// <summary>One arena buffer: a tensor (with the in-place outputs that follow it) or one scratch of a call.</summary>
        internal sealed class Buffer
        {
            public Buffer(Dim bytes, int start, int end) { Bytes = bytes; Start = start; End = end; }
            public Dim Bytes { get; }
            public int Start { get; }
            public int End { get; set; }
        }

        public static MemoryPlan Plan(Graph g, LoweredProgram program)
        {
            var plan = new MemoryPlan();
            var walk = new Liveness();
            walk.Block(program.Main);
            AssignAliases(g, program.Main, plan);

            var buffers = new List<Buffer>();
            var bufferOf = new Dictionary<Value, int>();
            var scratchOf = new Dictionary<KernelCall, int[]>(ReferenceComparer<KernelCall>.Instance);
            long naive = 0;
            bool allStatic = true;
            foreach (var ev in walk.Events)
            {
                if (ev.Scratch != null)
                {
                    var ids = new int[ev.Scratch.Scratch.Count];
                    for (int i = 0; i < ids.Length; i++)
                    {
                        var need = ev.Scratch.Scratch[i];
                        var bytes = Bytes(g, need.Elements, need.Type);
                        if (bytes == null) throw new System.InvalidOperationException("Scratch of " + ev.Scratch.Kernel + " has no upper bound.");
                        if (bytes.IsStatic) naive += bytes.Value; else allStatic = false;
                        ids[i] = buffers.Count;
                        buffers.Add(new Buffer(bytes, ev.Position, ev.Position));
                    }
                    scratchOf[ev.Scratch] = ids;
                    continue;
                }
                var v = ev.Value!;
                if (!NeedsStorage(v, plan) || bufferOf.ContainsKey(v) || plan.GrowableOf.ContainsKey(v) || plan.StringOf.ContainsKey(v)) continue;
                if (v.Type == ElementType.String)
                {
                    plan.StringOf[v] = plan.StringOf.Count;
                    continue;
                }
                var size = Bytes(g, v.Shape!.ElementCount, v.Type);
                if (size == null)
                {
                    plan.GrowableOf[v] = plan.GrowableOf.Count;
                    allStatic = false;
                    continue;
                }
                if (size.IsStatic) naive += size.Value; else allStatic = false;
                // A graph output kept here (its size is known only after the run) is read by the caller after the last step.
                int end = v.IsGraphOutput && v.Scope?.Owner == null ? int.MaxValue : walk.LastUse(v, plan);
                var input = InPlace.Input(ev, v, size, plan, bufferOf, buffers);
                if (input != null)
                {
                    int shared = bufferOf[input];
                    plan.InPlaceOf[v] = input;
                    bufferOf[v] = shared;
                    buffers[shared].End = System.Math.Max(buffers[shared].End, end);
                    continue;
                }
                bufferOf[v] = buffers.Count;
                buffers.Add(new Buffer(size, ev.Position, System.Math.Max(end, ev.Position)));
            }

            var slotOf = buffers.All(b => b.Bytes.IsStatic) ? Pack(plan, buffers) : AssignSlots(plan, buffers);
            foreach (var kv in bufferOf) plan.SlotOf[kv.Key] = slotOf[kv.Value];
            foreach (var kv in scratchOf) plan.ScratchSlotsOf[kv.Key] = kv.Value.Select(b => slotOf[b]).ToArray();
            if (allStatic) plan.NaiveBytes = naive;
            PlanDerived(program.LoadTime, plan);
            return plan;
        }

        /// <summary>Static sizes: every buffer is its own slot at the offset the packer gives it; also the live lower bound.</summary>
        private static int[] Pack(MemoryPlan plan, List<Buffer> buffers)
        {
            var spans = buffers.Select(b => new OffsetPacker.Span(b.Bytes.Value, b.Start, b.End)).ToList();
            var offsets = OffsetPacker.Pack(spans);
            var slotOf = new int[buffers.Count];
            for (int i = 0; i < buffers.Count; i++)
            {
                var slot = new Slot { Offset = offsets[i], FreeAfter = buffers[i].End };
                slot.Sizes.Add(buffers[i].Bytes);
                slotOf[i] = plan.Slots.Count;
                plan.Slots.Add(slot);
            }
            plan.LiveLowerBoundBytes = OffsetPacker.LiveBytes(spans);
            return slotOf;
        }

        /// <summary>Symbolic sizes: buffers (in order of their first write) share slots whose tenants' lifetimes do not overlap.</summary>
        private static int[] AssignSlots(MemoryPlan plan, List<Buffer> buffers) =>
            buffers.Select(b => Take(plan, b.Bytes, b.Start, b.End)).ToArray();

        /// <summary>Values that live in the arena: computed tensors and body inputs, not graph inputs, outputs written in place, weights or aliases.</summary>
        private static bool NeedsStorage(Value v, MemoryPlan plan) =>
            (v.Kind == ValueKind.Computed || (v.Kind == ValueKind.Input && v.Scope?.Owner != null)) && !v.IsConstant && !plan.AliasOf.ContainsKey(v) && !IsCallerOutput(v);

        /// <summary>Graph outputs whose size is known before the call are written straight into the caller's span.</summary>
        public static bool IsCallerOutput(Value v) => v.IsGraphOutput && v.Scope?.Owner == null && !HasRuntimeDims(v);

        public static bool HasRuntimeDims(Value v) => v.Shape!.Dims.Any(d => d.Symbols.Any(Dim.IsRuntimeSymbol));

        /// <summary>
        /// View outputs share their input's buffer, unless the output is a graph output (the caller owns that span) or
        /// the input is one (its span is read-only) while the output is written by a later in-place step.
        /// </summary>
        private static void AssignAliases(Graph g, LoweredBlock block, MemoryPlan plan)
        {
            foreach (var n in block.Nodes)
            {
                if (n.Node.Op != null && n.Node.Plan != null && n.Node.Op.IsViewPlan(n.Node.Plan))
                {
                    var o = n.Node.Output(0);
                    var i = n.Node.Input(0);
                    if (o != null && i != null && !o.IsGraphOutput && !o.IsConstant && !(n.Node.Scope!.Outputs.Contains(o) && n.Node.Scope.Owner != null))
                        plan.AliasOf[o] = plan.Resolve(i);
                }
                foreach (var s in n.Steps)
                {
                    if (s is IfStep f) { AssignAliases(g, f.Then, plan); AssignAliases(g, f.Else, plan); }
                    if (s is LoopStep l) AssignAliases(g, l.Body, plan);
                    if (s is ScanStep sc) AssignAliases(g, sc.Body, plan);
                }
            }
        }

        /// <summary>Derived weights: one region each in the shared buffer (few, computed once).</summary>
        private static void PlanDerived(LoweredBlock loadTime, MemoryPlan plan)
        {
            long offset = 0;
            foreach (var n in loadTime.Nodes)
                foreach (var o in n.Node.Outputs)
                {
                    if (o == null || plan.DerivedOffset.ContainsKey(o)) continue;
                    plan.DerivedOffset[o] = offset;
                    offset += Align(o.Shape!.ElementCount.Value * ElementTypes.SizeOf(o.Type));
                }
            plan.DerivedBytes = offset;
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
                plan.Slots.Add(new Slot { FreeAfter = -1 });
                best = plan.Slots.Count - 1;
            }
            var chosen = plan.Slots[best];
            if (!chosen.Sizes.Contains(bytes)) chosen.Sizes.Add(bytes);
            chosen.FreeAfter = System.Math.Max(end, start);
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

        /// <summary>
        /// Element count × element size, static sizes rounded up to <see cref="MemoryPlan.Alignment"/> (symbolic ones are
        /// rounded at run time). Run-time dims are replaced by their upper bounds; null when one has none.
        /// </summary>
        internal static Dim? Bytes(Graph g, Dim elements, ElementType type)
        {
            var bounded = elements.Bounded(s => Dim.IsRuntimeSymbol(s) ? g.Symbols.Find(s)?.UpperBound ?? Unbounded : null);
            if (bounded == null || bounded.Symbols.Any(Dim.IsRuntimeSymbol)) return null;
            var bytes = bounded * Dim.Of(ElementTypes.SizeOf(type));
            return bytes.IsStatic ? Dim.Of(Align(bytes.Value)) : bytes;
        }

        // A marker for "no bound": substituting it leaves a run-time symbol in the result, which Bytes rejects.
        private static readonly Dim Unbounded = Dim.Symbol(DimText.RuntimePrefix + "unbounded");

        private static long Align(long bytes) => (bytes + MemoryPlan.Alignment - 1) / MemoryPlan.Alignment * MemoryPlan.Alignment;
    }
}
