//! Full-text Chinese search of published articles (tantivy + jieba).
