import type { Metadata } from "next";
import { Header } from "./ui/header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Cognito · Next", template: "%s · Cognito · Next" },
  description: "AWS Cognito sign-in in front of a Next.js app",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <Header />
        <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
      </body>
    </html>
  );
}
