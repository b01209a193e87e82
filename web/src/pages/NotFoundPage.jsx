import { Link } from 'react-router';

export default function NotFoundPage() {
  return (
    <div className="py-16 text-center">
      <h1 className="mb-2 text-2xl font-bold">Page not found</h1>
      <Link to="/" className="text-brand-400 underline">Back to the live rooms</Link>
    </div>
  );
}
