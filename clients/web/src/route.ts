/** The page's place within a role, in the URL's hash ("#/lowongan"): back and forward work. */
import { useEffect, useState } from "preact/hooks";

function current(): string {
  return decodeURIComponent(location.hash.replace(/^#/, "")) || "/";
}

export function useRoute(): string {
  const [path, setPath] = useState(current());
  useEffect(() => {
    const moved = () => setPath(current());
    addEventListener("hashchange", moved);
    return () => removeEventListener("hashchange", moved);
  }, []);
  return path;
}

export function go(path: string): void {
  location.hash = path;
}

/** The first segment of a route ("/lamaran/abc" → "/lamaran"). */
export function section(path: string): string {
  const match = /^\/[^/]*/.exec(path);
  return match ? match[0] : "/";
}
