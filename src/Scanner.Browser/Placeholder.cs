namespace Scanner.Browser; public static class Placeholder {}
