import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type OnChangeFn,
  type RowData,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from './empty-state';
import { ErrorState } from './error-state';
import { useScrollsSideways } from './use-scrolls-sideways';
import { LoadingState } from './loading-state';

declare module '@tanstack/react-table' {
  interface ColumnMeta<TData extends RowData, TValue> {
    /** A class on the column's header and cells (a column that takes the room left, or cuts its text). */
    className?: string;
  }
}

interface DataTableProps<TRow> {
  label: string;
  columns: ColumnDef<TRow, unknown>[];
  rows: TRow[];
  getRowId: (row: TRow) => string;
  /** Sorting happens on the server: the table only reports what was asked. */
  sorting?: SortingState;
  onSortingChange?: OnChangeFn<SortingState>;
  columnVisibility?: VisibilityState;
  onColumnVisibilityChange?: OnChangeFn<VisibilityState>;
  onRowOpen?: (row: TRow) => void;
  /** An extra class for a row (a state shown by colour as well as in words). */
  rowClassName?: (row: TRow) => string | undefined;
  /** Rows one line tall: cells do not wrap (long text is cut with an ellipsis where the column allows). */
  compact?: boolean;
  emptyText: string;
  /** A line under the empty text: what will appear here, or what to do. */
  emptyHint?: string;
  /** The first page is on its way: a loading state instead of "nothing here". */
  loading?: boolean;
  /** The rows could not be loaded: said in the table, with a retry when given. */
  errorText?: string;
  onRetry?: () => void;
}

/** The one table of the app, over @tanstack/react-table: server-side sorting, column visibility, keyboard-openable rows. */
export function DataTable<TRow>(props: DataTableProps<TRow>) {
  const { t } = useTranslation();
  const table = useReactTable({
    data: props.rows,
    columns: props.columns,
    getRowId: props.getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableMultiSort: false,
    state: { sorting: props.sorting ?? [], columnVisibility: props.columnVisibility ?? {} },
    onSortingChange: props.onSortingChange,
    onColumnVisibilityChange: props.onColumnVisibilityChange,
  });

  const frame = useRef<HTMLDivElement>(null);
  // A table wider than the screen scrolls inside its frame: the frame then takes the focus, so arrow keys scroll it.
  const scrollable = useScrollsSideways(frame) ? { tabIndex: 0, role: 'group', 'aria-label': props.label } : {};

  return (
    <div ref={frame} className={props.compact ? 'data-table data-table--compact' : 'data-table'} {...scrollable}>
      {props.onColumnVisibilityChange && (
        <details className="data-table__columns">
          <summary>{t('table.columns')}</summary>
          {table.getAllLeafColumns().map((column) => (
            <label key={column.id}>
              <input type="checkbox" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} />
              {typeof column.columnDef.header === 'string' ? column.columnDef.header : column.id}
            </label>
          ))}
        </details>
      )}
      <table aria-label={props.label}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th key={header.id} scope="col" className={header.column.columnDef.meta?.className} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
                    {header.column.getCanSort() ? (
                      <button type="button" className="data-table__sort" onClick={header.column.getToggleSortingHandler()}>
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.length === 0 && (
            <tr>
              <td colSpan={table.getVisibleLeafColumns().length}>
                {props.errorText ? (
                  <ErrorState title={props.errorText} text={t('ui.loadFailedText')} onRetry={props.onRetry} />
                ) : props.loading ? (
                  <LoadingState />
                ) : (
                  <EmptyState title={props.emptyText} text={props.emptyHint} />
                )}
              </td>
            </tr>
          )}
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              data-row-id={row.id}
              className={props.rowClassName?.(row.original)}
              tabIndex={props.onRowOpen ? 0 : undefined}
              onClick={() => props.onRowOpen?.(row.original)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') props.onRowOpen?.(row.original);
              }}
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={cell.column.columnDef.meta?.className}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
