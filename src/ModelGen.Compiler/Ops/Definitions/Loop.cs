using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The body, the number of loop-carried values, and the run-time dim that counts the iterations (the scan outputs' first dim).</summary>
    internal sealed record LoopPlan(Graph Body, int Carried, Dim Trips) : OpPlan;

    /// <summary>
    /// ONNX Loop over tensors: runs the body while the iteration count is below M (when given) and the condition
    /// holds, threading the loop-carried values through and stacking each scan output along a new first axis whose
    /// size is the run-time trip count. Compiles to a C# for loop. Loop-carried values must keep their shape (a body
    /// result sized by run-time dims is checked against it on every iteration).
    /// Sequence and optional values come with the breadth issue. Spec: https://onnx.ai/onnx/operators/onnx__Loop.html
    /// </summary>
    internal sealed class Loop : Op<LoopPlan>
    {
        private static readonly Attr<Graph?> BodyAttr = Attr.Graph("body").Required();

        public override OpSchema Schema { get; } = new OpSchema("Loop", new[] { 1, 11, 13, 16, 19, 21, 23, 24, 25 })
            .Input("M", "I", optional: true).Input("cond", "B", optional: true).Input("v_initial", "V", optional: true, variadic: true)
            .Output("v_final_and_scan_outputs", "V", variadic: true)
            .Types("I", TypeSets.Int64).Types("B", TypeSets.Bool).Types("V", TypeSets.AnyWithNarrow).WithAttributes(BodyAttr);

        public override string Summary => "a C# for loop over the body: trip count M and/or a condition, loop-carried values of fixed shape, scan outputs stacked along a run-time trip dim.";

        protected override LoopPlan? Infer(InferContext c)
        {
            var body = c.Get(BodyAttr)!;
            int carried = System.Math.Max(c.Node.Inputs.Count - 2, 0);
            if (body.Inputs.Count != 2 + carried)
                return c.Reject<LoopPlan>(DiagnosticIds.InvalidGraph, "the body takes " + body.Inputs.Count + " inputs; it must take the iteration number, the condition and " + carried + " loop-carried values.");
            if (body.Outputs.Count < 1 + carried || c.Node.Outputs.Count != body.Outputs.Count - 1)
                return c.Reject<LoopPlan>(DiagnosticIds.InvalidGraph, "the body returns " + body.Outputs.Count + " values for " + c.Node.Outputs.Count + " outputs and " + carried + " loop-carried values.");
            for (int i = 0; i < 2; i++)
                if (c.HasInput(i) && !c.InShape(i).ElementCount.Equals(Dim.One))
                    return c.Reject<LoopPlan>(DiagnosticIds.ShapeMismatch, "'" + c.In(i).Name + "' must hold one element, not " + c.InShape(i) + ".");
            Set(body.Inputs[0], ElementType.Int64, Shape.Scalar);
            Set(body.Inputs[1], ElementType.Bool, Shape.Scalar);
            for (int i = 0; i < carried; i++)
            {
                if (!c.HasInput(2 + i)) return c.Reject<LoopPlan>(DiagnosticIds.InvalidGraph, "loop-carried value " + i + " has no initial value.");
                Set(body.Inputs[2 + i], c.InType(2 + i), c.InShape(2 + i));
            }
            if (!BodyInference.Infer(body, c)) return null;
            if (body.Outputs[0].Type != ElementType.Bool || !body.Outputs[0].Shape!.ElementCount.Equals(Dim.One))
                return c.Reject<LoopPlan>(DiagnosticIds.InvalidGraph, "the body's first result must be the bool condition.");
            // String values live in per-value buffers the loop writers do not thread through iterations.
            if (body.Inputs.Concat(body.Outputs).Any(v => v.Type == ElementType.String))
                return c.Reject<LoopPlan>(DiagnosticIds.UnsupportedElementType, "string tensors cannot be loop-carried or scanned yet.");
            for (int i = 0; i < carried; i++)
            {
                var result = body.Outputs[1 + i];
                if (result.Type != c.InType(2 + i) || !SameShapeUpToRuntimeDims(result.Shape!, c.InShape(2 + i)))
                    return c.Reject<LoopPlan>(DiagnosticIds.DynamicShape, "loop-carried value " + i + " starts as " + ElementTypes.OnnxName(c.InType(2 + i)) + c.InShape(2 + i) +
                        " and becomes " + ElementTypes.OnnxName(result.Type) + result.Shape + "; values that change shape across iterations are not supported yet.");
                c.SetOutput(i, result.Type, c.InShape(2 + i));
            }
            var trips = c.RuntimeDim(0, null);
            for (int k = 0; 1 + carried + k < body.Outputs.Count; k++)
            {
                // A slice with run-time dims must keep its size across iterations (checked as it runs); the output takes the last iteration's dims.
                var scan = body.Outputs[1 + carried + k];
                c.SetOutput(carried + k, scan.Type, new Shape(new[] { trips }.Concat(scan.Shape!.Dims)));
            }
            return new LoopPlan(body, carried, trips);
        }

        /// <summary>
        /// Equal shapes, or shapes of one rank that differ only where the body's dim is set at run time (a Slice whose
        /// bounds come from the iteration number): the generated loop then checks the sizes agree on every iteration.
        /// </summary>
        private static bool SameShapeUpToRuntimeDims(Shape result, Shape initial) =>
            result.Rank == initial.Rank && Enumerable.Range(0, result.Rank).All(i => result[i].Equals(initial[i]) || result[i].Symbols.Any(Dim.IsRuntimeSymbol));

        private static void Set(Value v, ElementType type, Shape shape)
        {
            v.Type = type;
            v.Shape = shape;
        }

        protected override void Lower(LowerContext c, LoopPlan p)
        {
            var body = p.Body;
            int n = p.Carried;
            c.Add(new LoopStep(c.Node.Input(0), c.Node.Input(1), c.LowerBody(body), body.Inputs[0], body.Inputs[1],
                Enumerable.Range(0, n).Select(i => c.In(2 + i)).ToValueList(), body.Inputs.Skip(2).ToValueList(),
                body.Outputs.Skip(1).Take(n).ToValueList(), body.Outputs[0], body.Outputs.Skip(1 + n).ToValueList(),
                Enumerable.Range(0, n).Select(i => c.Node.Output(i)).ToValueList(),
                Enumerable.Range(n, c.Node.Outputs.Count - n).Select(i => c.Node.Output(i)).ToValueList(), p.Trips.SymbolName!));
        }
    }
}
