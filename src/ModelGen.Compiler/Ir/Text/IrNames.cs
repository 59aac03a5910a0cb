namespace ModelGen.Compiler.Ir
{
    /// <summary>How names appear in IR text: %value and @node, quoted when they hold characters outside [A-Za-z0-9_./-].</summary>
    internal static class IrNames
    {
        public static string Value(string name) => "%" + Quote(name);

        public static string Node(string name) => "@" + Quote(name);

        public static string Quote(string name)
        {
            bool plain = name.Length > 0;
            foreach (char c in name)
                if (!IsPlain(c)) { plain = false; break; }
            return plain ? name : "\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
        }

        public static bool IsPlain(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '/' || c == '-';
    }
}
