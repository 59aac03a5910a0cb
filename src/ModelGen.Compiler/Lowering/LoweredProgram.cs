using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Lowering
{
    /// <summary>One step of a lowered block: a kernel call, or a structured region (if/loop) with nested blocks.</summary>
    internal abstract record LoweredStep;

    internal sealed record CallStep(KernelCall Call) : LoweredStep
    {
        public override string ToString() => Call.ToString();
    }

    /// <summary><c>if (cond) { Then } else { Else }</c>; each branch block ends with the copies of its results into the node's outputs.</summary>
    internal sealed record IfStep(Value Condition, LoweredBlock Then, LoweredBlock Else) : LoweredStep;

    /// <summary>
    /// ONNX Loop as <c>for (i = 0; i &lt; trip &amp;&amp; cond; i++) { Body }</c>. Loop-carried values live in
    /// <see cref="Carried"/> (initialised from the node's inputs, updated from the body's results after each
    /// iteration); scan outputs append one slice per iteration and grow as needed.
    /// </summary>
    internal sealed record LoopStep(Value? TripCount, Value? Condition, LoweredBlock Body, Value Iteration, Value BodyCondition,
        ValueList<Value> CarriedInitial, ValueList<Value> Carried, ValueList<Value> CarriedResults, Value BodyConditionResult,
        ValueList<Value> ScanResults, ValueList<Value?> CarriedOutputs, ValueList<Value?> ScanOutputs, string TripSymbol) : LoweredStep;

    /// <summary>
    /// One scan input or output of an ONNX Scan: the outer tensor (per batch entry for Scan-8) viewed as
    /// [<see cref="Before"/>, <see cref="Steps"/>, <see cref="After"/>] around the scan axis, and the body value that
    /// is its slice at one step. <see cref="Outer"/> is null for a scan output the node does not use.
    /// </summary>
    internal sealed record ScanSlice(Value? Outer, Value Body, Dim Before, Dim Steps, Dim After, bool Reverse);

    /// <summary>
    /// ONNX Scan as <c>for (t = 0; t &lt; Trips; t++) { slices in; Body; state and slices out }</c>, inside a loop over
    /// the batch entries when <see cref="Batch"/> is set (Scan-8, whose <see cref="SequenceLengths"/> may shorten each
    /// entry's scan). State variables live in <see cref="State"/>: copied from the initial values, updated from the
    /// body's results after each step, copied to the outputs at the end.
    /// </summary>
    internal sealed record ScanStep(LoweredBlock Body, Dim Trips, Dim? Batch, Value? SequenceLengths,
        ValueList<Value> StateInitial, ValueList<Value> State, ValueList<Value> StateResults, ValueList<Value?> StateOutputs,
        ValueList<ScanSlice> Inputs, ValueList<ScanSlice> Outputs) : LoweredStep;

    /// <summary>The steps of one IR node.</summary>
    internal sealed class LoweredNode
    {
        public LoweredNode(Node node, IReadOnlyList<LoweredStep> steps)
        {
            Node = node;
            Steps = steps;
        }

        public Node Node { get; }
        public IReadOnlyList<LoweredStep> Steps { get; }

        public IEnumerable<KernelCall> Calls => Steps.OfType<CallStep>().Select(s => s.Call);
    }

    /// <summary>The lowered nodes of one graph (the model, a branch, a loop body), in execution order.</summary>
    internal sealed class LoweredBlock
    {
        public LoweredBlock(Graph graph, IReadOnlyList<LoweredNode> nodes)
        {
            Graph = graph;
            Nodes = nodes;
        }

        public Graph Graph { get; }
        public IReadOnlyList<LoweredNode> Nodes { get; }

        /// <summary>Every kernel call of this block and the blocks nested in it.</summary>
        public IEnumerable<KernelCall> AllCalls()
        {
            foreach (var n in Nodes)
                foreach (var s in n.Steps)
                    foreach (var c in CallsOf(s)) yield return c;
        }

        private static IEnumerable<KernelCall> CallsOf(LoweredStep s)
        {
            switch (s)
            {
                case CallStep c: return new[] { c.Call };
                case IfStep i: return i.Then.AllCalls().Concat(i.Else.AllCalls());
                case LoopStep l: return l.Body.AllCalls();
                case ScanStep sc: return sc.Body.AllCalls();
                default: return new KernelCall[0];
            }
        }
    }

    /// <summary>What lowering produced: the run-time block, and the load-time block that computes derived weights once per process.</summary>
    internal sealed class LoweredProgram
    {
        public LoweredProgram(LoweredBlock main, LoweredBlock loadTime)
        {
            Main = main;
            LoadTime = loadTime;
        }

        public LoweredBlock Main { get; }
        public LoweredBlock LoadTime { get; }
    }
}
