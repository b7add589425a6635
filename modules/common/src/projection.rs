//! Reading only the columns a compiled plan writes (issue 18). A page of offers with their
//! enterprises' names asks 3 of an offer's 19 columns and 5 of an enterprise's and its area's
//! 23; reading all of them made PostgreSQL encode, and the hub decode, five times what the
//! answer holds (in `pgbench`, the offers page went from 24,400 to 43,100 statements/s and the
//! enterprises' from 24,900 to 36,200 with only the columns a plan needs).
//!
//! A projected read still gives the module's whole row type, so the plan's writers stay the
//! ones the full reads use: the columns left out hold placeholder values that no writer reads,
//! because each plan's selection names the columns of every field it writes, in one
//! exhaustive `match` beside the writer's.

use sea_orm::{ColumnTrait, DbErr, QueryResult, TryGetable};

/// The columns of one table that a plan reads, each once.
#[derive(Debug, Clone)]
pub struct Projection<C> {
    columns: Vec<C>,
}

impl<C: ColumnTrait> Default for Projection<C> {
    fn default() -> Self {
        Self { columns: Vec::new() }
    }
}

impl<C: ColumnTrait> Projection<C> {
    /// A projection of `columns`.
    pub fn of(columns: impl IntoIterator<Item = C>) -> Self {
        let mut projection = Self::default();
        projection.extend(columns);
        projection
    }

    pub fn extend(&mut self, columns: impl IntoIterator<Item = C>) {
        for column in columns {
            if self.position(column).is_none() {
                self.columns.push(column);
            }
        }
    }

    fn position(&self, column: C) -> Option<usize> {
        self.columns.iter().position(|held| held.as_str() == column.as_str())
    }

    pub fn columns(&self) -> &[C] {
        &self.columns
    }

    /// One row of a statement that selected these columns in their order, the first of them
    /// at index `first` of the row (after another table's, in a join).
    pub fn row<'a>(&'a self, row: &'a QueryResult, first: usize) -> ProjectedRow<'a, C> {
        ProjectedRow { row, first, projection: self }
    }
}

/// A row read with a [`Projection`], column by column.
pub struct ProjectedRow<'a, C> {
    row: &'a QueryResult,
    first: usize,
    projection: &'a Projection<C>,
}

impl<C: ColumnTrait> ProjectedRow<'_, C> {
    /// The column's value when the statement read it, else `placeholder`. By position, not by
    /// name: finding a column by name cost a string built and compared per value.
    pub fn get<T: TryGetable>(&self, column: C, placeholder: T) -> Result<T, DbErr> {
        match self.projection.position(column) {
            Some(index) => self.row.try_get_by_index(self.first + index),
            None => Ok(placeholder),
        }
    }
}
