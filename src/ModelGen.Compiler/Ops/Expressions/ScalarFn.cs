namespace ModelGen.Compiler.Ops.Expressions
{
    /// <summary>The primitive functions scalar expressions are built from. Each has one meaning for every backend.</summary>
    internal enum ScalarFn
    {
        // unary
        Neg, Abs, Exp, Log, Sqrt, Floor, Ceil, Tanh, Reciprocal, Round,
        Sin, Cos, Tan, Asin, Acos, Atan, Sinh, Cosh, Asinh, Acosh, Atanh, Erf,
        BitNot, Not, IsNaN,
        // binary arithmetic
        Add, Sub, Mul, Div, Max, Min, Pow,
        // the remainder of truncated division (C#'s %, C's fmod): its sign is the dividend's
        Rem,
        // bitwise (integer operands)
        BitAnd, BitOr, BitXor, ShiftLeft, ShiftRight,
        // comparisons (bool results)
        Equal, Less, Greater, LessOrEqual, GreaterOrEqual,
        // logic (bool operands)
        And, Or, Xor,
        // Select(cond, whenTrue, whenFalse)
        Select,
    }

    /// <summary>Facts about <see cref="ScalarFn"/>s: arity, result kind, the text form.</summary>
    internal static class ScalarFns
    {
        public static int Arity(ScalarFn f) =>
            f <= ScalarFn.IsNaN ? 1 : f == ScalarFn.Select ? 3 : 2;

        public static bool IsComparison(ScalarFn f) => f >= ScalarFn.Equal && f <= ScalarFn.GreaterOrEqual;

        public static bool IsLogic(ScalarFn f) => f == ScalarFn.Not || (f >= ScalarFn.And && f <= ScalarFn.Xor);

        /// <summary>Infix operator text for the binary operators that have one, else null.</summary>
        public static string? Infix(ScalarFn f)
        {
            switch (f)
            {
                case ScalarFn.Add: return "+";
                case ScalarFn.Sub: return "-";
                case ScalarFn.Mul: return "*";
                case ScalarFn.Div: return "/";
                case ScalarFn.Equal: return "==";
                case ScalarFn.Less: return "<";
                case ScalarFn.Greater: return ">";
                case ScalarFn.LessOrEqual: return "<=";
                case ScalarFn.GreaterOrEqual: return ">=";
                case ScalarFn.And: return "&";
                case ScalarFn.Or: return "|";
                case ScalarFn.Xor: return "^";
                default: return null;
            }
        }

        /// <summary>Binding strength of an infix operator (higher binds tighter), for printing without extra parentheses.</summary>
        public static int Precedence(ScalarFn f)
        {
            switch (f)
            {
                case ScalarFn.Mul: case ScalarFn.Div: return 5;
                case ScalarFn.Add: case ScalarFn.Sub: return 4;
                case ScalarFn.Less: case ScalarFn.Greater: case ScalarFn.LessOrEqual: case ScalarFn.GreaterOrEqual: return 3;
                case ScalarFn.Equal: return 2;
                case ScalarFn.And: return 1;
                case ScalarFn.Xor: return 0;
                default: return -1; // Or, and functions
            }
        }

        /// <summary>Function-call name: "exp", "max", "select"...</summary>
        public static string Name(ScalarFn f) => f == ScalarFn.IsNaN ? "isnan" : f.ToString().ToLowerInvariant();
    }
}
