using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Lowering
{
    /// <summary>
    /// "Run kernel K on these buffers": the backend-neutral record every op lowers to. <see cref="Kernel"/>
    /// names the algorithm ("conv.pointwise", "elementwise.map2", "gemm"), chosen at build time by the op's
    /// lowering; <see cref="TypeArgs"/> are the element types it is instantiated at (storage types);
    /// <see cref="ComputeType"/> is the type arithmetic happens in; operands fill the kernel's parameters in
    /// order; <see cref="Scratch"/> states every scratch buffer the call needs, in one place. Immutable,
    /// equatable and printable. The CPU emitter renders calls as C#; a GPU emitter renders the same records.
    /// </summary>
    internal sealed record KernelCall(string Kernel, ValueList<ElementType> TypeArgs, ElementType ComputeType, ValueList<Operand> Operands, ValueList<ScratchNeed> Scratch)
    {
        /// <summary>"conv.im2col_gemm&lt;float&gt;(x: %x, w: %w, ...) scratch [float[1728]]".</summary>
        public override string ToString()
        {
            string types = TypeArgs.Count == 0 ? "" : "<" + string.Join(", ", TypeArgs.Select(ElementTypes.OnnxName)) + ">";
            string scratch = Scratch.Count == 0 ? "" : " scratch " + Scratch;
            return Kernel + types + "(" + string.Join(", ", Operands) + ")" + scratch;
        }

        public T Operand<T>(string name) where T : Operand => (T)Operands.First(o => o.Name == name);
    }
}
