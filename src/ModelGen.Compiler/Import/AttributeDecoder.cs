using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Reading.Proto;

namespace ModelGen.Compiler.Import
{
    /// <summary>AttributeProto to <see cref="NodeAttribute"/>. Files older than IR 2 have no type field: it is inferred from which field is set.</summary>
    internal static class AttributeDecoder
    {
        public static NodeAttribute Decode(AttributeProto a)
        {
            var kind = (AttributeKind)(int)a.Type;
            if (kind == AttributeKind.Undefined) kind = Guess(a);
            var attr = new NodeAttribute(a.Name, kind)
            {
                Float = a.F,
                Int = a.I,
                String = a.S.ToStringUtf8(),
                Floats = a.Floats.ToArray(),
                Ints = a.Ints.ToArray(),
                Strings = a.Strings.Select(s => s.ToStringUtf8()).ToArray(),
            };
            if (a.T != null)
            {
                attr.Tensor = TensorDecoder.Decode(a.T, out string? error);
                attr.TensorError = error;
            }
            return attr;
        }

        private static AttributeKind Guess(AttributeProto a)
        {
            if (a.Ints.Count > 0) return AttributeKind.Ints;
            if (a.Floats.Count > 0) return AttributeKind.Floats;
            if (a.Strings.Count > 0) return AttributeKind.Strings;
            if (a.T != null) return AttributeKind.Tensor;
            if (a.G != null) return AttributeKind.Graph;
            if (!a.S.IsEmpty) return AttributeKind.String;
            if (a.F != 0) return AttributeKind.Float;
            return AttributeKind.Int;
        }
    }
}
