using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// The body, the number of state variables, the scan axes and directions (normalised), the iteration count, and
    /// for Scan-8 the batch size (axis 0 of every input and output, one independent scan per batch entry).
    /// </summary>
    internal sealed record ScanPlan(Graph Body, int States, ValueList<int> InputAxes, ValueList<bool> InputReverse,
        ValueList<int> OutputAxes, ValueList<bool> OutputReverse, Dim Trips, Dim? Batch) : OpPlan;

    /// <summary>
    /// ONNX Scan over tensors: runs the body once per slice of the scan inputs along their scan axes (backwards for a
    /// reversed input), threading the state variables through, and stacks the body's scan results along each scan
    /// output's axis (prepending for a reversed output). Compiles to a C# for loop whose trip count is the scan axis
    /// length, kept symbolic when it is a run-time dim. Scan-8 also loops over the batch axis 0 and honours
    /// sequence_lens (positions past a sequence's length are zero). State variables keep their shape.
    /// Spec: https://onnx.ai/onnx/operators/onnx__Scan.html
    /// </summary>
    internal sealed class Scan : Op<ScanPlan>
    {
        private static readonly Attr<Graph?> BodyAttr = Attr.Graph("body").Required();
        private static readonly Attr<long?> NumScanInputs = Attr.OptionalInt("num_scan_inputs").Required();
        private static readonly Attr<long[]?> Directions = Attr.Ints("directions").Until(8);
        private static readonly Attr<long[]?> InputAxesAttr = Attr.Ints("scan_input_axes").Since(9);
        private static readonly Attr<long[]?> InputDirections = Attr.Ints("scan_input_directions").Since(9);
        private static readonly Attr<long[]?> OutputAxesAttr = Attr.Ints("scan_output_axes").Since(9);
        private static readonly Attr<long[]?> OutputDirections = Attr.Ints("scan_output_directions").Since(9);

        public override OpSchema Schema { get; } = new OpSchema("Scan", new[] { 8, 9, 11, 16, 19, 21, 23, 24, 25 })
            .Input("sequence_lens", "I", optional: true, upTo: 8).Input("initial_state_and_scan_inputs", "V", variadic: true, heterogeneous: true)
            .Output("final_state_and_scan_outputs", "V", variadic: true, heterogeneous: true)
            .Types("I", TypeSets.Int64).Types("V", TypeSets.Any)
            .WithAttributes(BodyAttr, NumScanInputs, Directions, InputAxesAttr, InputDirections, OutputAxesAttr, OutputDirections);

        public override string Summary => "a C# for loop over slices of the scan inputs (any axis, either direction), state variables of fixed shape, scan outputs stacked along any axis; Scan-8's batch axis and sequence_lens too.";

        protected override ScanPlan? Infer(InferContext c)
        {
            var body = c.Get(BodyAttr)!;
            bool batched = c.Revision == 8;
            int first = batched ? 1 : 0;
            int m = (int)c.Get(NumScanInputs)!.Value;
            int n = c.Node.Inputs.Count - first - m;
            if (m < 1 || n < 0) return c.Reject<ScanPlan>(DiagnosticIds.InvalidGraph, "num_scan_inputs=" + m + " does not fit the " + (c.Node.Inputs.Count - first) + " state and scan inputs.");
            if (body.Inputs.Count != n + m)
                return c.Reject<ScanPlan>(DiagnosticIds.InvalidGraph, "the body takes " + body.Inputs.Count + " inputs; it must take " + n + " state variables and " + m + " scan slices.");
            int k = body.Outputs.Count - n;
            if (k < 0 || c.Node.Outputs.Count > body.Outputs.Count)
                return c.Reject<ScanPlan>(DiagnosticIds.InvalidGraph, "the body returns " + body.Outputs.Count + " values for " + c.Node.Outputs.Count + " outputs and " + n + " state variables.");
            for (int i = 0; i < n + m; i++)
                if (!c.HasInput(first + i)) return c.Reject<ScanPlan>(DiagnosticIds.InvalidGraph, "state or scan input " + i + " is missing.");

            // Scan-8: axis 0 of everything is the batch, the scan axis of every scan input is 1, outputs are appended.
            var inAxes = new List<int>();
            var inReverse = new List<bool>();
            var outAxes = new List<int>();
            var outReverse = new List<bool>();
            if (!Flags(c, batched ? c.Get(Directions) : c.Get(InputDirections), m, batched ? "directions" : "scan_input_directions", inReverse)) return null;
            if (!Flags(c, batched ? null : c.Get(OutputDirections), k, "scan_output_directions", outReverse)) return null;
            var inAxesAttr = batched ? null : c.Get(InputAxesAttr);
            var outAxesAttr = batched ? null : c.Get(OutputAxesAttr);
            if (inAxesAttr != null && inAxesAttr.Length != m) return c.Reject<ScanPlan>(DiagnosticIds.UnsupportedAttribute, "scan_input_axes has " + inAxesAttr.Length + " entries for " + m + " scan inputs.");
            if (outAxesAttr != null && outAxesAttr.Length != k) return c.Reject<ScanPlan>(DiagnosticIds.UnsupportedAttribute, "scan_output_axes has " + outAxesAttr.Length + " entries for " + k + " scan outputs.");

            Dim? batch = null;
            if (batched)
            {
                batch = c.InShape(first + n).Rank > 0 ? c.InShape(first + n)[0] : null;
                for (int i = 0; i < n + m; i++)
                    if (c.InShape(first + i).Rank < (i < n ? 1 : 2) || !c.InShape(first + i)[0].Equals(batch))
                        return c.Reject<ScanPlan>(DiagnosticIds.ShapeMismatch, "'" + c.In(first + i).Name + "' " + c.InShape(first + i) + " must have the batch size " + batch + " as its first dim" + (i < n ? "." : ", then the sequence axis."));
                if (c.HasInput(0) && !(c.InShape(0).Rank == 1 && c.InShape(0)[0].Equals(batch)))
                    return c.Reject<ScanPlan>(DiagnosticIds.ShapeMismatch, "sequence_lens " + c.InShape(0) + " must hold one length per batch entry (" + batch + ").");
            }

            // State variables: the body sees the initial value (per batch entry for Scan-8).
            for (int i = 0; i < n; i++)
                Set(body.Inputs[i], c.InType(first + i), PerBatch(c.InShape(first + i), batched));
            Dim? trips = null;
            for (int j = 0; j < m; j++)
            {
                var shape = PerBatch(c.InShape(first + n + j), batched);
                int axis = 0;
                if (inAxesAttr != null && !c.Axis(inAxesAttr[j], shape.Rank, "scan_input_axes", out axis)) return null;
                if (shape.Rank == 0) return c.Reject<ScanPlan>(DiagnosticIds.ShapeMismatch, "scan input '" + c.In(first + n + j).Name + "' is a scalar; it needs a scan axis.");
                if (trips == null) trips = shape[axis];
                else if (!trips.Equals(shape[axis]))
                    return c.Reject<ScanPlan>(DiagnosticIds.ShapeMismatch, "scan input '" + c.In(first + n + j).Name + "' " + c.InShape(first + n + j) + " has " + shape[axis] + " steps along its scan axis; the first has " + trips + ".");
                inAxes.Add(axis);
                Set(body.Inputs[n + j], c.InType(first + n + j), new Shape(shape.Dims.Where((_, d) => d != axis)));
            }

            if (!BodyInference.Infer(body, c)) return null;
            // String values live in per-value buffers the scan writer does not thread through iterations.
            if (body.Inputs.Concat(body.Outputs).Any(v => v.Type == ElementType.String))
                return c.Reject<ScanPlan>(DiagnosticIds.UnsupportedElementType, "string tensors cannot be state variables or scanned yet.");
            for (int i = 0; i < n; i++)
            {
                var result = body.Outputs[i];
                if (result.Type != body.Inputs[i].Type || !result.Shape!.Equals(body.Inputs[i].Shape))
                    return c.Reject<ScanPlan>(DiagnosticIds.DynamicShape, "state variable " + i + " starts as " + ElementTypes.OnnxName(body.Inputs[i].Type) + body.Inputs[i].Shape +
                        " and becomes " + ElementTypes.OnnxName(result.Type) + result.Shape + "; state variables must keep their type and shape.");
                if (c.HasOutput(i)) c.SetOutput(i, result.Type, c.InShape(first + i));
            }
            for (int j = 0; j < k; j++)
            {
                var result = body.Outputs[n + j];
                if (result.Shape!.Dims.Any(d => d.Symbols.Any(Dim.IsRuntimeSymbol)))
                    return c.Reject<ScanPlan>(DiagnosticIds.DynamicShape, "scan result '" + result.Name + "' " + result.Shape + " is sized while the body runs; scan outputs need slices whose shape is known before the loop.");
                int axis = 0;
                if (outAxesAttr != null && !c.Axis(outAxesAttr[j], result.Shape.Rank + 1, "scan_output_axes", out axis)) return null;
                outAxes.Add(axis);
                var dims = result.Shape.Dims.Take(axis).Concat(new[] { trips! }).Concat(result.Shape.Dims.Skip(axis));
                if (batched) dims = new[] { batch! }.Concat(dims);
                if (n + j < c.Node.Outputs.Count && c.HasOutput(n + j)) c.SetOutput(n + j, result.Type, new Shape(dims));
            }
            return new ScanPlan(body, n, inAxes.ToValueList(), inReverse.ToValueList(), outAxes.ToValueList(), outReverse.ToValueList(), trips!, batch);
        }

        /// <summary>Direction flags (0 forward, 1 reverse), one per scan input or output; all forward when absent.</summary>
        private static bool Flags(InferContext c, long[]? values, int count, string attribute, List<bool> into)
        {
            if (values != null && values.Length != count) return c.Fail(DiagnosticIds.UnsupportedAttribute, attribute + " has " + values.Length + " entries for " + count + " scans.");
            for (int i = 0; i < count; i++)
            {
                long v = values == null ? 0 : values[i];
                if (v != 0 && v != 1) return c.Fail(DiagnosticIds.UnsupportedAttribute, attribute + "[" + i + "]=" + v + "; directions are 0 (forward) or 1 (reverse).");
                into.Add(v == 1);
            }
            return true;
        }

        private static Shape PerBatch(Shape s, bool batched) => batched ? new Shape(s.Dims.Skip(1)) : s;

        private static void Set(Value v, ElementType type, Shape shape)
        {
            v.Type = type;
            v.Shape = shape;
        }

        protected override void Lower(LowerContext c, ScanPlan p)
        {
            var body = p.Body;
            int n = p.States, first = p.Batch != null ? 1 : 0;
            int m = body.Inputs.Count - n, k = body.Outputs.Count - n;
            var inputs = new List<ScanSlice>();
            for (int j = 0; j < m; j++)
            {
                var slice = body.Inputs[n + j];
                inputs.Add(Slice(c.In(first + n + j), slice, slice.Shape!, p.InputAxes[j], p.Trips, p.InputReverse[j]));
            }
            var outputs = new List<ScanSlice>();
            for (int j = 0; j < k; j++)
            {
                var result = body.Outputs[n + j];
                var outer = n + j < c.Node.Outputs.Count ? c.Node.Output(n + j) : null;
                outputs.Add(Slice(outer, result, result.Shape!, p.OutputAxes[j], p.Trips, p.OutputReverse[j]));
            }
            c.Add(new ScanStep(c.LowerBody(body), p.Trips, p.Batch, p.Batch != null ? c.Node.Input(0) : null,
                Enumerable.Range(0, n).Select(i => c.In(first + i)).ToValueList(), body.Inputs.Take(n).ToValueList(),
                body.Outputs.Take(n).ToValueList(), Enumerable.Range(0, n).Select(i => i < c.Node.Outputs.Count ? c.Node.Output(i) : null).ToValueList(),
                inputs.ToValueList(), outputs.ToValueList()));
        }

        /// <summary>The outer tensor (per batch entry) viewed as [before the axis, the axis, after it] around a slice of shape <paramref name="slice"/>.</summary>
        private static ScanSlice Slice(Value? outer, Value bodyValue, Shape slice, int axis, Dim trips, bool reverse) =>
            new ScanSlice(outer, bodyValue, slice.Product(0, axis), trips, slice.Product(axis, slice.Rank), reverse);
    }
}
