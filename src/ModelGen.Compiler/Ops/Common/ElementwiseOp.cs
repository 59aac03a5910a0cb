using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// An elementwise node: its bound expression, the broadcast output shape, each operand's shape as aligned to it,
    /// and the node input each operand (expression argument i) reads.
    /// </summary>
    internal sealed record ElementwisePlan(BoundExpr Expr, Shape Output, ValueList<Shape> Inputs, ValueList<int> Operands) : OpPlan;

    /// <summary>
    /// An op defined by a scalar expression over its inputs (numpy broadcasting between them): the op file gives
    /// the schema and <see cref="Expression"/>, and this class infers, evaluates at build time (exactly, and over
    /// dim expressions for integer shape arithmetic) and lowers to one elementwise kernel call carrying the
    /// expression, which each backend renders as its loop body.
    /// </summary>
    internal abstract class ElementwiseOp : Op<ElementwisePlan>
    {
        /// <summary>y as a function of the inputs (<see cref="ScalarExpr.Arg"/>) and attributes (<see cref="ScalarExpr.Of"/>).</summary>
        public abstract ScalarExpr Expression { get; }

        /// <summary>
        /// The expression for one node: <see cref="Expression"/>, unless an attribute picks among forms (Gelu's
        /// 'approximate'); null after reporting an attribute value that has no form.
        /// </summary>
        protected virtual ScalarExpr? ExpressionFor(InferContext c) => Expression;

        /// <summary>
        /// For <see cref="ExpressionFor"/> when a string attribute names the form (Gelu's 'approximate', BitShift's
        /// 'direction'): the form named, or null after reporting a name that has none.
        /// </summary>
        protected static ScalarExpr? FormNamedBy(InferContext c, Attr<string> attribute, params (string Name, ScalarExpr Form)[] forms)
        {
            string value = c.Get(attribute);
            foreach (var f in forms)
                if (f.Name == value) return f.Form;
            var names = forms.Select(f => "\"" + f.Name + "\"").ToList();
            string known = names.Count == 2 ? "neither " + names[0] + " nor " + names[1] : "none of " + string.Join(", ", names);
            return c.Reject<ScalarExpr>(DiagnosticIds.UnsupportedAttribute, attribute.Name + "=\"" + value + "\" is " + known + ".");
        }

        /// <summary>bfloat16 runs in float, like float16 (see <see cref="ModelGen.Compiler.Emit.Cpu.ScalarCode"/>).</summary>
        public override bool TakesBFloat16AsFloat16 => true;

        /// <summary>Opsets before 7 broadcast Add/Sub/Mul/Div only with broadcast=1, aligning B at 'axis'.</summary>
        protected virtual bool HasLegacyBroadcast => false;

        protected static readonly Attr<long> LegacyBroadcast = Attr.Int("broadcast", 0).Until(6);
        protected static readonly Attr<long?> LegacyAxis = Attr.OptionalInt("axis").Until(6);
        protected static readonly Attr<long[]?> ConsumedInputs = Attr.Ints("consumed_inputs").Until(5).Ignored("legacy optimisation hint");

        public override string Summary => "y = " + Expression + (Arity > 1 ? ", with broadcasting" : "") + ".";

        private int Arity => Schema.Inputs.Count;

        /// <summary>
        /// The node inputs the expression reads, in argument order: every input up to the last present one, unless
        /// an op with optional inputs in the middle (Clip's min and max) leaves the absent ones out.
        /// </summary>
        protected virtual IReadOnlyList<int> OperandInputs(InferContext c) => Enumerable.Range(0, c.InputCount).ToArray();

        /// <summary>
        /// The type the expression computes in, given the operands' types; null (the default) when it computes in
        /// the operands' own type. An op whose operands may differ in type (Pow) names one: the operands convert to
        /// it, and the result converts to the output's type (<see cref="OutputType"/>).
        /// </summary>
        protected virtual ElementType? ComputeType(IReadOnlyList<ElementType> operandTypes) => null;

        /// <summary>The output's type when <see cref="ComputeType"/> names one (default: operand 0's).</summary>
        protected virtual ElementType OutputType(IReadOnlyList<ElementType> operandTypes) => operandTypes[0];

        protected override ElementwisePlan? Infer(InferContext c)
        {
            var operands = OperandInputs(c);
            var shapes = operands.Select(c.InShape).ToList();
            if (c.Revision < 7 && shapes.Count == 2)
            {
                var aligned = AlignBeforeRevision7(c, shapes[0], shapes[1]);
                if (aligned == null) return null;
                shapes[1] = aligned;
            }
            var y = shapes[0];
            for (int i = 1; i < shapes.Count; i++)
            {
                y = Broadcasting.Shape(y, shapes[i], c)!;
                if (y == null) return null;
            }
            var form = ExpressionFor(c);
            if (form == null) return null;
            BoundExpr expr;
            var operandTypes = operands.Select(c.InType).ToList();
            var compute = ComputeType(operandTypes);
            try
            {
                expr = BoundExpr.Bind(form, compute == null ? operandTypes : operandTypes.Select(t => compute.Value).ToList(), a => AttributeNumber(c, a));
            }
            catch (ArgumentException e)
            {
                return c.Reject<ElementwisePlan>(DiagnosticIds.UnsupportedElementType, e.Message);
            }
            c.SetOutput(0, compute == null ? expr.Type : OutputType(operandTypes), y);
            return new ElementwisePlan(expr, y, shapes.ToValueList(), operands.ToValueList());
        }

        private static double AttributeNumber(InferContext c, AttributeSpec a)
        {
            switch (a)
            {
                case Attr<float> f: return c.Get(f);
                case Attr<long> l: return c.Get(l);
                default: throw new ArgumentException("attribute '" + a.Name + "' is not a number.");
            }
        }

        /// <summary>
        /// Before revision 7 a binary op's B was not broadcast by numpy rules: returns B's shape padded with 1s so
        /// that numpy broadcasting gives the old meaning (null after a reported error). Ops with the legacy
        /// broadcast/axis attributes use them; others may override.
        /// </summary>
        protected virtual Shape? AlignBeforeRevision7(InferContext c, Shape a, Shape b) => HasLegacyBroadcast ? LegacyAlign(c, a, b) : b;

        /// <summary>Pads B with 1s on both sides so that numpy broadcasting matches the legacy axis rule.</summary>
        private static Shape? LegacyAlign(InferContext c, Shape a, Shape b)
        {
            if (c.Get(LegacyBroadcast) == 0) return b;
            long axis = c.Get(LegacyAxis) ?? a.Rank - b.Rank;
            // The default axis may equal A's rank (a scalar B aligns after the last axis), so this is not c.Axis's range check.
            long start = axis < 0 ? axis + a.Rank : axis;
            if (start < 0 || start + b.Rank > a.Rank)
                return c.Reject<Shape>(DiagnosticIds.ShapeMismatch, "legacy broadcast of " + b + " at axis " + axis + " does not fit " + a + ".");
            return new Shape(Enumerable.Repeat(Dim.One, (int)start).Concat(b.Dims).Concat(Enumerable.Repeat(Dim.One, a.Rank - (int)start - b.Rank)));
        }

        protected override bool Evaluate(EvalContext c, ElementwisePlan p)
        {
            if (Converts(c.Node, p)) return false; // left to run time, which converts as it computes
            var y = p.Output;
            var sources = p.Inputs.Select(s => Indexing.BroadcastIndices(s, y)).ToList();
            long count = y.ElementCount.Value;
            int arity = p.Inputs.Count;
            if (p.Operands.All(c.IsConcrete))
            {
                var values = p.Operands.Select(i => Elements.Read(c.Concrete(i))).ToList();
                var results = new Scalar[count];
                var args = new Scalar[arity];
                for (long k = 0; k < count; k++)
                {
                    for (int i = 0; i < arity; i++) args[i] = values[i][sources[i][k]];
                    results[k] = ScalarEvaluator.Evaluate(p.Expr, args);
                }
                c.Set(0, Elements.Write(p.Expr.Type, c.OutDims(0), results));
                return true;
            }
            if (ElementTypes.IsFloatingPoint(p.Expr.Type)) return false;
            var dims = p.Operands.Select(c.Dims).ToList();
            var elements = new Dim[count];
            var dimArgs = new Dim[arity];
            for (long k = 0; k < count; k++)
            {
                for (int i = 0; i < arity; i++) dimArgs[i] = dims[i][(int)sources[i][k]];
                var d = DimEvaluator.Evaluate(p.Expr, dimArgs);
                if (d == null) return false;
                elements[k] = d;
            }
            c.Set(0, elements);
            return true;
        }

        /// <summary>True when an operand or the output differs from the type the expression computes in (see <see cref="ComputeType"/>).</summary>
        internal static bool Converts(Node node, ElementwisePlan p) =>
            node.Outputs[0]!.Type != p.Expr.Type || p.Expr.Arguments().Any(a => node.Inputs[p.Operands[a.ArgIndex]]!.Type != a.Type);

        protected override void Lower(LowerContext c, ElementwisePlan p)
        {
            if (!Converts(c.Node, p))
            {
                LowerIn(c, p, p.Operands.Select(c.In).ToList(), c.Out(0));
                return;
            }
            var args = p.Expr.Arguments().ToDictionary(a => a.ArgIndex, a => a.Type);
            var ins = p.Operands.Select((input, i) =>
            {
                var v = c.In(input);
                if (!args.TryGetValue(i, out var t) || t == v.Type) return v;
                var wide = c.Temporary("operand" + i + "." + ElementTypes.OnnxName(t), t, v.Shape!);
                ConversionOp.Emit(c, v, wide);
                return wide;
            }).ToList();
            var y = c.Temporary("result." + ElementTypes.OnnxName(p.Expr.Type), p.Expr.Type, c.OutShape(0));
            LowerIn(c, p, ins, y);
            ConversionOp.Emit(c, y, c.Out(0));
        }

        /// <summary>The elementwise call over <paramref name="ins"/> (one per operand) into <paramref name="y"/>.</summary>
        private static void LowerIn(LowerContext c, ElementwisePlan p, IReadOnlyList<Value> ins, Value y)
        {
            var types = ins.Select(v => v.Type).Concat(new[] { p.Expr.Type }).ToArray();
            if (p.Operands.Count == 1)
            {
                c.Call("elementwise.map1", types).In("x", ins[0]).Out("y", y).Dim("count", p.Output.ElementCount).Expr("function", p.Expr).Emit();
                return;
            }
            string[] names = { "a", "b", "c" };
            var call = c.Call("elementwise.map" + p.Operands.Count, types);
            for (int i = 0; i < p.Operands.Count; i++) call.In(names[i], ins[i]);
            call.Out("y", y).Dims("shape", p.Output.Dims);
            for (int i = 0; i < p.Operands.Count; i++) call.Dims(names[i] + "Strides", Broadcasting.Strides(p.Inputs[i], p.Output));
            call.Expr("function", p.Expr).Emit();
        }
    }
}
