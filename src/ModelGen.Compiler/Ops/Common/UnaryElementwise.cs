using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>Shared shape of one-input, same-shape ops (Relu, Exp...): type check, identity shape, one kernel call, folding.</summary>
    internal abstract class UnaryElementwise : OpDefinition
    {
        /// <summary>Kernel method in ModelGen.Runtime.Kernels.Unary.</summary>
        protected abstract string KernelMethod { get; }

        protected abstract IReadOnlyCollection<ElementType> Types { get; }

        protected abstract double Apply(double x);

        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "consumed_inputs" };

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(1, 1) || !c.ExpectType(0, Types)) return;
            c.SetOutput(0, c.InType(0), c.InShape(0));
        }

        public override TensorData[]? Fold(InferContext c)
        {
            var x = c.InData(0)!;
            return new[] { TensorData.FromNumbers(x.Type, x.Dims, x.AsDouble().Select(Apply).ToArray()) };
        }

        public override void Emit(EmitContext e) =>
            e.Line(EmitContext.Kernel("Unary") + "." + KernelMethod + "<" + e.T(0) + ">(" + e.In(0) + ", " + e.Out(0) + ");");
    }
}
