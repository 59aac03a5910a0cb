using System;
using System.Collections.Generic;
using System.Globalization;

namespace ModelGen.Compiler.Ir
{
    /// <summary>
    /// The text form of <see cref="Dim"/>: symbol names, integers, + − *, parentheses, and the functions
    /// floordiv(a, b), ceildiv(a, b), mod(a, b), min(a, ...) and max(a, ...). Symbol names start with a
    /// letter, '_' or '$' ('$' marks a run-time dim) and go on with letters, digits, '_', '.' or '$'.
    /// </summary>
    public static class DimText
    {
        public const string RuntimePrefix = "$";

        public static bool IsSymbolName(string name)
        {
            if (string.IsNullOrEmpty(name) || !IsStart(name[0])) return false;
            for (int i = 1; i < name.Length; i++)
                if (!IsPart(name[i])) return false;
            return !IsFunction(name);
        }

        /// <summary>A symbol name from any ONNX dim_param: characters outside the name alphabet become '_'.</summary>
        public static string SanitizeSymbol(string name)
        {
            var chars = name.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
                if (!IsPart(chars[i]) || chars[i] == '$') chars[i] = '_';
            string s = new string(chars);
            if (s.Length == 0 || !IsStart(s[0]) || s[0] == '$') s = "_" + s;
            return IsFunction(s) ? s + "_" : s;
        }

        private static bool IsStart(char c) => char.IsLetter(c) || c == '_' || c == '$';
        private static bool IsPart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '.' || c == '$';
        private static bool IsFunction(string s) => s == "floordiv" || s == "ceildiv" || s == "mod" || s == "min" || s == "max";

        public static Dim Parse(string text)
        {
            var p = new Parser(text);
            var d = p.Expression();
            p.SkipSpace();
            if (!p.AtEnd) throw p.Error("unexpected '" + p.Rest + "'");
            return d;
        }

        /// <summary>Parses a dim starting at <paramref name="position"/>, stopping before a character that cannot continue it (',', ']', ...).</summary>
        public static Dim ParsePrefix(string text, ref int position)
        {
            var p = new Parser(text) { Position = position };
            var d = p.Expression();
            position = p.Position;
            return d;
        }

        private sealed class Parser
        {
            private readonly string _s;

            public Parser(string s) { _s = s; }

            public int Position { get; set; }
            public bool AtEnd => Position >= _s.Length;
            public string Rest => _s.Substring(Position);

            public FormatException Error(string what) => new FormatException("Bad dim '" + _s + "' at " + Position + ": " + what + ".");

            public void SkipSpace()
            {
                while (Position < _s.Length && _s[Position] == ' ') Position++;
            }

            private bool Take(char c)
            {
                SkipSpace();
                if (Position < _s.Length && _s[Position] == c) { Position++; return true; }
                return false;
            }

            public Dim Expression()
            {
                Dim d = Take('-') ? -Term() : Term();
                while (true)
                {
                    if (Take('+')) d += Term();
                    else if (Take('-')) d -= Term();
                    else return d;
                }
            }

            private Dim Term()
            {
                Dim d = Factor();
                while (Take('*')) d *= Factor();
                return d;
            }

            private Dim Factor()
            {
                SkipSpace();
                if (Take('(')) { var inner = Expression(); Expect(')'); return inner; }
                if (Take('-')) return -Factor();
                int start = Position;
                if (Position < _s.Length && char.IsDigit(_s[Position]))
                {
                    while (Position < _s.Length && char.IsDigit(_s[Position])) Position++;
                    return Dim.Of(long.Parse(_s.Substring(start, Position - start), NumberStyles.None, CultureInfo.InvariantCulture));
                }
                if (Position < _s.Length && IsStart(_s[Position]))
                {
                    while (Position < _s.Length && IsPart(_s[Position])) Position++;
                    string name = _s.Substring(start, Position - start);
                    if (!IsFunction(name)) return Dim.Symbol(name);
                    Expect('(');
                    var args = new List<Dim> { Expression() };
                    while (Take(',')) args.Add(Expression());
                    Expect(')');
                    return Apply(name, args);
                }
                throw Error("expected a number, a symbol or '('");
            }

            private Dim Apply(string name, List<Dim> args)
            {
                if (name == "min") return Dim.Min(args);
                if (name == "max") return Dim.Max(args);
                if (args.Count != 2) throw Error(name + " takes two arguments");
                switch (name)
                {
                    case "floordiv": return Dim.FloorDiv(args[0], args[1]);
                    case "ceildiv": return Dim.CeilDiv(args[0], args[1]);
                    default: return Dim.Mod(args[0], args[1]);
                }
            }

            private void Expect(char c)
            {
                if (!Take(c)) throw Error("expected '" + c + "'");
            }
        }
    }
}
