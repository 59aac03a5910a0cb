using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// The scatter ops' 'reduction' attribute (ScatterElements and ScatterND from revision 16: none, add, mul; max and
    /// min from 18), as the runtime's ScatterReduction codes.
    /// </summary>
    internal static class ScatterReductions
    {
        public static readonly Attr<string> Attribute = Attr.String("reduction", "none").Since(16);

        /// <summary>The code of the node's reduction (0 for none), or null after reporting a value the revision lacks or bool data with a reduction.</summary>
        public static int? Code(InferContext c)
        {
            string value = c.Get(Attribute);
            int code = value switch { "none" => 0, "add" => 1, "mul" => 2, "max" => 3, "min" => 4, _ => -1 };
            if (code < 0 || (code >= 3 && c.Revision < 18))
            {
                c.Fail(DiagnosticIds.UnsupportedAttribute, "reduction='" + value + "' is not one of " + (c.Revision < 18 ? "none, add, mul" : "none, add, mul, max, min") + " at revision " + c.Revision + ".");
                return null;
            }
            if (code != 0 && c.InType(0) == ElementType.Bool)
            {
                c.Fail(DiagnosticIds.UnsupportedElementType, "reduction='" + value + "' over bool data is not supported.");
                return null;
            }
            return code;
        }
    }
}
